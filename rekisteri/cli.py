"""The ``rekisteri`` console script: this project's ``manage.py``."""

from __future__ import annotations

import gc
import os
import signal
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rekisteri.settings")
    # Setting up builds some 100,000 objects that live as long as the process; the cyclic
    # collector would walk them over and over (a sixth of a command's start-up). So it
    # waits until the set-up is done, and then leaves those objects out of its walks.
    gc.disable()
    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    from rekisteri.config import ConfigurationError

    _one_line_parser_errors()
    try:
        try:
            django.setup()
        finally:
            gc.freeze()
            gc.enable()
        execute_from_command_line(argv if argv is not None else ["rekisteri", *sys.argv[1:]])
        sys.stdout.flush()  # here, where a closed pipe can still be answered (below)
    except BrokenPipeError:
        # Whoever read the output stopped (``rekisteri backup | head -n 1``): end as a
        # program stopped by SIGPIPE does, silently with 128 + 13, instead of a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(128 + signal.SIGPIPE) from None
    except ConfigurationError as error:
        # One line naming the setting, not a traceback (the operator reads this).
        sys.stderr.write(f"rekisteri: configuration error: {error}\n")
        raise SystemExit(2) from None
    except ImproperlyConfigured as error:
        sys.stderr.write(f"rekisteri: configuration error: {error}\n")
        raise SystemExit(2) from None


def _one_line_parser_errors() -> None:
    """Make every command's argument errors one line on stderr, without the usage dump."""
    from django.core.management.base import CommandParser

    def error(self: CommandParser, message: str) -> None:
        if getattr(self, "called_from_command_line", False):
            self.exit(2, f"{self.prog}: error: {message}\n")
        from django.core.management.base import CommandError

        raise CommandError(f"Error: {message}")

    CommandParser.error = error  # type: ignore[method-assign]


if __name__ == "__main__":
    main()

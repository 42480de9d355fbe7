"""The ``rekisteri`` console script: this project's ``manage.py``."""

from __future__ import annotations

import gc
import os
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
    except ConfigurationError as error:
        # One line naming the setting, not a traceback (the operator reads this).
        sys.stderr.write(f"rekisteri: configuration error: {error}\n")
        raise SystemExit(2) from None
    except ImproperlyConfigured as error:
        sys.stderr.write(f"rekisteri: configuration error: {error}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()


def _one_line_parser_errors() -> None:
    """Make every command's argument errors one line on stderr, without the usage dump."""
    from django.core.management.base import CommandParser

    def error(self: CommandParser, message: str) -> None:
        if getattr(self, "called_from_command_line", False):
            self.exit(2, f"{self.prog}: error: {message}\n")
        from django.core.management.base import CommandError

        raise CommandError(f"Error: {message}")

    CommandParser.error = error  # type: ignore[method-assign]

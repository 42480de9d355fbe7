"""The one error a backup, a check or a restore ends with: its text is a single line for the
operator, naming what is wrong and never any personal data."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.core.management.base import CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _


class BackupError(Exception):
    pass


@contextlib.contextmanager
def as_command_error() -> Iterator[None]:
    """For the commands: what went wrong, as the one line an operator reads."""
    try:
        yield
    except BackupError as error:
        raise CommandError(str(error)) from None
    except OSError as error:
        raise CommandError(
            _("%(file)s: %(error)s") % {"file": error.filename, "error": error.strerror}
        ) from None
    except DatabaseError as error:
        # By type only: a database's message may quote the values of a row.
        raise CommandError(
            _("the database cannot be used (%(error)s)") % {"error": type(error).__name__}
        ) from None

"""The one error a backup, a check or a restore ends with: its text is a single line for the
operator, naming what is wrong and never any personal data."""

from __future__ import annotations


class BackupError(Exception):
    pass

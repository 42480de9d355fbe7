"""The base of the operator's ``rekisteri`` commands."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.functional import Promise


class OperatorCommand(BaseCommand):
    """A management command whose ``--help`` text is translated.

    ``summary`` is given lazily and turned into text in the active language only when the
    parser is built (argparse cannot take a lazy string).
    """

    summary: str | Promise = ""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = str(self.summary)
        return super().create_parser(prog_name, subcommand, **kwargs)

"""``rekisteri backup [--dir DIR]``: take an encrypted backup now, then rotate old ones.

The first line of output is the new file's path (for scripts); a short summary follows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rekisteri.audit.actors import Actor
from rekisteri.backups.errors import as_command_error
from rekisteri.backups.manifest import total_rows
from rekisteri.backups.services import backup_create
from rekisteri.commands import OperatorCommand


class Command(OperatorCommand):
    # Only the privacy checks (the backup location's country among them): the URL checks
    # would double the start-up time of a job timed against the database's own tools.
    requires_system_checks = ["privacy"]
    summary = gettext_lazy(
        "Take an encrypted backup of the database and rotate the old ones in its directory."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir",
            type=Path,
            help=str(gettext_lazy("directory to write to (default: REKISTERI_BACKUP_DIR)")),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with as_command_error():
            report = backup_create(actor=Actor.system("backup"), directory=options["dir"])
        manifest = report.manifest
        self.stdout.write(str(report.path))
        self.stdout.write(
            _("%(rows)d rows in %(tables)d tables, %(bytes)d bytes, audit head %(sequence)d")
            % {
                "rows": total_rows(manifest),
                "tables": len(manifest["row_counts"]),
                "bytes": report.trailer.payload_size,
                "sequence": manifest["audit_head"]["sequence"],
            }
        )
        self.stdout.write(
            _("database %(vendor)s, backup location in %(country)s")
            % {"vendor": manifest["vendor"], "country": manifest["country"]}
        )
        for path in report.rotated:
            self.stdout.write(_("rotated away: %(name)s") % {"name": path.name})

"""``rekisteri backup_verify FILE``: open a backup as a restore would and check it through."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rekisteri.audit.actors import Actor
from rekisteri.backups.errors import as_command_error
from rekisteri.backups.manifest import total_rows
from rekisteri.backups.services import backup_verify
from rekisteri.commands import OperatorCommand


class Command(OperatorCommand):
    # Only the privacy checks (the backup location's country among them): the URL checks
    # would double the start-up time of a job timed against the database's own tools.
    requires_system_checks = ["privacy"]
    summary = gettext_lazy(
        "Decrypt a backup, check its checksum, its database and its audit chain, and report."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=str(gettext_lazy("the backup file (.rkb)")))

    def handle(self, *args: Any, **options: Any) -> None:
        with as_command_error():
            report = backup_verify(actor=Actor.system("backup_verify"), path=options["file"])
        manifest = report.manifest
        self.stdout.write(
            _("backup of %(time)s, %(vendor)s, kept in %(country)s")
            % {
                "time": manifest["created_at"],
                "vendor": manifest["vendor"],
                "country": manifest["country"],
            }
        )
        self.stdout.write(
            _("checksum ok: %(bytes)d bytes, sha256 %(sha)s")
            % {"bytes": report.trailer.payload_size, "sha": report.trailer.payload_sha256[:16]}
        )
        self.stdout.write(_("integrity: %(result)s") % {"result": report.integrity})
        for table, count in sorted(manifest["row_counts"].items()):
            self.stdout.write(f"  {table}: {count}")
        self.stdout.write(
            _("%(rows)d rows in %(tables)d tables")
            % {"rows": total_rows(manifest), "tables": len(manifest["row_counts"])}
        )
        head = manifest["audit_head"]
        if report.chain is None:
            self.stdout.write(report.note)
        else:
            self.stdout.write(
                _("audit chain intact: %(count)d entries, head %(sequence)d %(hash)s")
                % {
                    "count": report.chain.checked,
                    "sequence": head["sequence"],
                    "hash": head["hash"][:16],
                }
            )
        if not report.recorded:
            self.stdout.write(_("(this check could not be recorded: no register database here)"))
        self.stdout.write(_("backup ok"))

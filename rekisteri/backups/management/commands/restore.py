"""``rekisteri restore FILE [--force]``: put a backup back, erase again everyone in the
erasure ledger, apply retention and verify the audit chain.

Stop the site first. Nothing is changed unless the backup passes every check.
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
from rekisteri.backups.services import backup_restore
from rekisteri.commands import OperatorCommand


class Command(OperatorCommand):
    # Only the privacy checks (the backup location's country among them): the URL checks
    # would double the start-up time of a job timed against the database's own tools.
    requires_system_checks = ["privacy"]
    summary = gettext_lazy(
        "Restore a backup into the configured database, then replay the erasure ledger."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=str(gettext_lazy("the backup file (.rkb)")))
        parser.add_argument(
            "--force",
            action="store_true",
            help=str(gettext_lazy("replace a database that already holds a register")),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with as_command_error():
            report = backup_restore(
                actor=Actor.system("restore"), path=options["file"], force=options["force"]
            )
        manifest = report.manifest
        self.stdout.write(
            _("restored the backup of %(time)s: %(rows)d rows in %(tables)d tables")
            % {
                "time": manifest["created_at"],
                "rows": total_rows(manifest),
                "tables": len(manifest["row_counts"]),
            }
        )
        self.stdout.write(
            _("erasure ledger replayed: %(count)d people erased again (%(partial)d in part)")
            % {"count": report.erased_again, "partial": report.erased_in_part}
        )
        removed = sum(report.retention_removed.values())
        self.stdout.write(
            _("retention applied: %(rows)d rows removed, %(people)d people erased")
            % {"rows": removed, "people": report.retention_people}
        )
        assert report.chain is not None
        self.stdout.write(
            _("audit chain intact: %(count)d entries, head %(hash)s")
            % {"count": report.chain.checked, "hash": report.chain.head_hash[:16]}
        )

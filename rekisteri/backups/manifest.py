"""The manifest: what a backup holds, sealed inside the file with it."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from rekisteri.backups.errors import BackupError

FORMAT = "rekisteri-backup"


def manifest_for(vendor: str, facts: dict[str, Any], moment: datetime.datetime) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "created_at": moment.astimezone(datetime.UTC).isoformat(),
        "vendor": vendor,
        "country": settings.REKISTERI_BACKUP_COUNTRY,
        **facts,
    }


def manifest_check(manifest: dict[str, Any], vendor: str) -> None:
    """Refuse a backup this installation cannot take back."""
    if manifest.get("format") != FORMAT:
        raise BackupError(_("the backup's manifest is not one this program wrote"))
    if manifest.get("vendor") != vendor:
        raise BackupError(
            _("the backup is of a %(theirs)s database, but this register uses %(ours)s")
            % {"theirs": manifest.get("vendor"), "ours": vendor}
        )
    unknown = unknown_migrations(manifest.get("schema", {}))
    if unknown:
        raise BackupError(
            _(
                "the backup has a newer schema than this program knows (%(count)d unknown "
                "migrations, first %(first)s): upgrade the program first"
            )
            % {"count": len(unknown), "first": unknown[0]}
        )


def unknown_migrations(schema: dict[str, list[str]]) -> list[str]:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"{app}.{name}"
        for app, names in sorted(schema.items())
        for name in names
        if (app, name) not in known
    ]


def total_rows(manifest: dict[str, Any]) -> int:
    return sum(manifest.get("row_counts", {}).values())

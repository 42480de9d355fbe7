"""``rekisteri audit_verify``: recompute the audit chain and compare it with the anchor."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rekisteri.audit.verify import audit_verify


class Command(BaseCommand):
    help = "Verify the audit log's hash chain and its anchor outside the database."

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_verify()
        if not result.ok:
            raise CommandError(f"audit chain broken: {result.problem}")
        self.stdout.write(
            f"audit chain intact: {result.checked} entries, head {result.head_hash[:16]}, "
            f"{result.anchored} anchor points"
        )

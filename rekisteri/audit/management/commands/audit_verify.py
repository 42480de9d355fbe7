"""``rekisteri audit_verify``: recompute the audit chain and compare it with the anchor."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rekisteri.audit.verify import audit_verify
from rekisteri.commands import OperatorCommand


class Command(OperatorCommand):
    summary = gettext_lazy("Verify the audit log's hash chain and its anchor outside the database.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_verify()
        if not result.ok:
            raise CommandError(_("audit chain broken: %(problem)s") % {"problem": result.problem})
        self.stdout.write(
            _("audit chain intact: %(count)d entries, head %(head)s, %(anchors)d anchor points")
            % {"count": result.checked, "head": result.head_hash[:16], "anchors": result.anchored}
        )

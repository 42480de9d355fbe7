"""``rekisteri subject_erase --email E --reason R``: erase one person (the same engine as
self-service and the staff queue)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rekisteri.audit.actors import Actor
from rekisteri.commands import OperatorCommand
from rekisteri.customers.selectors import customer_by_email
from rekisteri.privacy.erasure import ErasureReason
from rekisteri.privacy.services import subject_erase


class Command(OperatorCommand):
    summary = gettext_lazy("Erase one person from every sub-register, by email address.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--reason", required=True, choices=ErasureReason.values)

    def handle(self, *args: Any, **options: Any) -> None:
        customer = customer_by_email(options["email"])
        if customer is None:
            # Idempotent: someone already erased (or never here) has nothing left to erase.
            self.stdout.write(_("no one with that email address is in the register"))
            return
        report = subject_erase(
            actor=Actor.system("subject_erase"),
            customer=customer,
            reason=ErasureReason(options["reason"]),
        )
        for key, count in sorted(report.deleted.items()):
            self.stdout.write(
                _("%(subregister)s: %(count)d deleted") % {"subregister": key, "count": count}
            )
        for key, count in sorted(report.cleared.items()):
            self.stdout.write(
                _("%(subregister)s: %(count)d kept without identifying data")
                % {"subregister": key, "count": count}
            )
        if report.partial:
            reasons = "; ".join(report.refusals)
            raise CommandError(
                _("erased in part; kept because: %(reasons)s") % {"reasons": reasons}
            )
        self.stdout.write(_("erased %(subject)s") % {"subject": report.subject})

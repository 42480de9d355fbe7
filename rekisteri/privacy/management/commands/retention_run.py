"""``rekisteri retention_run``: apply every retention rule of the data map now."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rekisteri.audit.actors import Actor
from rekisteri.commands import OperatorCommand
from rekisteri.privacy.services import retention_run


class Command(OperatorCommand):
    summary = gettext_lazy("Delete or anonymise every piece of data whose retention has ended.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = retention_run(actor=Actor.system("retention_run"))
        for key, count in sorted(report.removed.items()):
            self.stdout.write(
                _("%(subregister)s: %(count)d removed") % {"subregister": key, "count": count}
            )
        self.stdout.write(
            _("retention run done: %(count)d people erased") % {"count": report.customers_erased}
        )

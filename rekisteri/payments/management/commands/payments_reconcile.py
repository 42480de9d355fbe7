"""``rekisteri payments_reconcile``: ask Paytrail about payments whose callback never came,
and cancel orders left unpaid, giving their stock back."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rekisteri.audit.actors import Actor
from rekisteri.commands import OperatorCommand
from rekisteri.payments.services import payments_reconcile


class Command(OperatorCommand):
    summary = gettext_lazy(
        "Ask Paytrail about payments left pending and cancel orders that were never paid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than-minutes",
            type=int,
            default=15,
            help=_("ask only about payments at least this old (default 15)"),
        )
        parser.add_argument(
            "--expire-hours",
            type=int,
            default=24,
            help=_("cancel orders unpaid for this many hours (default 24)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        minutes, hours = options["older_than_minutes"], options["expire_hours"]
        if minutes < 0 or hours < 1:
            raise CommandError(
                _("--older-than-minutes must be 0 or more and --expire-hours 1 or more")
            )
        report = payments_reconcile(
            actor=Actor.system("payments_reconcile"),
            older_than=datetime.timedelta(minutes=minutes),
            expire_after=datetime.timedelta(hours=hours),
        )
        self.stdout.write(
            _(
                "payments asked about: %(asked)d, changed: %(changed)d, Paytrail not "
                "reached: %(unreachable)d, unpaid orders cancelled: %(cancelled)d"
            )
            % {
                "asked": report.asked,
                "changed": report.changed,
                "unreachable": report.unreachable,
                "cancelled": report.cancelled,
            }
        )

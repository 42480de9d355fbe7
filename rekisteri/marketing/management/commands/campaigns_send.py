"""``rekisteri campaigns_send``: send the email campaigns that marketing has ordered sent.

Run by the demo's scheduler every minute, and in production by a timer. Safe to run again
at any time and after a crash: no one is sent the same campaign twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rekisteri.audit.actors import Actor
from rekisteri.marketing.services import BATCH_SIZE, campaigns_send


class Command(BaseCommand):
    help = "Send the email campaigns waiting to be sent, in batches."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        report = campaigns_send(
            actor=Actor.system("campaigns_send"), batch_size=max(1, options["batch_size"])
        )
        self.stdout.write(
            f"campaigns finished {report.campaigns_finished}, messages sent {report.sent}, "
            f"failed {report.failed}"
        )

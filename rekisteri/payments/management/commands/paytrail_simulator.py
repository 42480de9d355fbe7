"""``rekisteri paytrail_simulator``: serve a local Paytrail simulator until Ctrl-C."""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rekisteri.commands import OperatorCommand
from rekisteri.demo.guard import is_production
from rekisteri.payments.simulator import start_simulator


class Command(OperatorCommand):
    summary = gettext_lazy(
        "Serve a local Paytrail simulator for the demo and development; no money moves."
    )
    # Tests stop the command with an event instead of Ctrl-C.
    stealth_options = ("stop_event",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help=_("address to serve on"))
        parser.add_argument(
            "--port", type=int, default=8001, help=_("port to serve on (0 picks a free one)")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if is_production():
            raise CommandError(
                _(
                    "the Paytrail simulator takes payments that are never paid; it does not run "
                    "with REKISTERI_ENV=production"
                )
            )
        port = options["port"]
        if not 0 <= port < 65536:
            raise CommandError(_("--port must be between 0 and 65535"))
        merchant_id = str(settings.PAYTRAIL_MERCHANT_ID)
        try:
            server = start_simulator(
                options["host"], port, {merchant_id: str(settings.PAYTRAIL_SECRET_KEY)}
            )
        except OSError as error:
            raise CommandError(
                _("could not serve on %(host)s port %(port)s: %(error)s")
                % {"host": options["host"], "port": port, "error": error.strerror or error}
            ) from None
        write = self.stdout.write
        write(
            self.style.SUCCESS(
                _("The Paytrail simulator is serving at %(url)s for merchant %(merchant)s.")
                % {"url": server.url, "merchant": merchant_id}
            )
        )
        write(_("Point Rekisteri at it with PAYTRAIL_API_URL=%(url)s") % {"url": server.url})
        write(_("Stop it with Ctrl-C."))
        stop: threading.Event = options.get("stop_event") or threading.Event()
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()

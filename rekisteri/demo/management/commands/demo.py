"""``rekisteri demo``: migrate, load the demo data, print the logins, then serve the site on
127.0.0.1:8000 with the scheduler running beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rekisteri.audit.actors import Actor
from rekisteri.commands import OperatorCommand
from rekisteri.demo.guard import is_production
from rekisteri.demo.logins import LOGINS_FILE_NAME, DemoLoginsError, demo_second_factor_note
from rekisteri.demo.scheduler import Scheduler, default_jobs
from rekisteri.demo.services import DemoResult, demo_load
from rekisteri.payments.simulator import SimulatorServer, start_simulator

# Paytrail's published test credentials: the simulator accepts them, as Paytrail's test
# account does.
DEMO_MERCHANT_ID = "375917"
DEMO_SECRET_KEY = "SAIPPUAKAUPPIAS"  # noqa: S105 - published test credentials


class Command(OperatorCommand):
    summary = gettext_lazy(
        "Load the demo data and demo staff accounts, then serve the site with the "
        "scheduler running."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help=_("address to serve on"))
        parser.add_argument("--port", type=int, default=8000, help=_("port to serve on"))
        parser.add_argument(
            "--simulator-port",
            type=int,
            default=8001,
            help=_("port of the Paytrail simulator the demo pays through"),
        )
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help=_("only migrate and load the demo data, then stop"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if is_production():
            raise CommandError(
                _(
                    "the demo creates accounts with known passwords; it does not run with "
                    "REKISTERI_ENV=production"
                )
            )
        port = options["port"]
        for name, value in (("--port", port), ("--simulator-port", options["simulator_port"])):
            if not 0 < value < 65536:
                raise CommandError(_("%(option)s must be between 1 and 65535") % {"option": name})
        call_command("migrate", interactive=False, verbosity=options["verbosity"])
        try:
            result = demo_load(
                actor=Actor.system("demo"),
                logins_file=Path(settings.DATA_DIR) / LOGINS_FILE_NAME,
            )
        except DemoLoginsError as error:
            raise CommandError(str(error)) from None
        host = options["host"]
        # An IPv6 address is written in brackets in a URL and in runserver's address.
        address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        self._report(result, f"http://{address}")
        if options["no_serve"]:
            return
        simulator = self._start_simulator(host, options["simulator_port"], f"http://{address}")
        scheduler = Scheduler(default_jobs())
        scheduler.start()
        try:
            # No autoreloader: it would start a second process, and a second scheduler.
            call_command("runserver", address, use_reloader=False)
        finally:
            scheduler.stop()
            simulator.shutdown()

    def _start_simulator(self, host: str, port: int, site_url: str) -> SimulatorServer:
        """The demo pays through a local Paytrail simulator with Paytrail's public test
        credentials; its callbacks come back to this site."""
        try:
            simulator = start_simulator(host, port, {DEMO_MERCHANT_ID: DEMO_SECRET_KEY})
        except OSError as error:
            raise CommandError(
                _("the Paytrail simulator could not use port %(port)d: %(error)s")
                % {"port": port, "error": error.strerror}
            ) from None
        settings.PAYTRAIL_API_URL = simulator.url
        settings.PAYTRAIL_MERCHANT_ID = DEMO_MERCHANT_ID
        settings.PAYTRAIL_SECRET_KEY = DEMO_SECRET_KEY
        settings.REKISTERI_SITE_URL = site_url
        self.stdout.write(_("Paytrail simulator: %(url)s") % {"url": simulator.url})
        return simulator

    def _report(self, result: DemoResult, base_url: str) -> None:
        write = self.stdout.write
        if result.customers_added:
            write(_("Added %(count)d demo customers.") % {"count": result.customers_added})
        write("")
        write(self.style.SUCCESS(_("The Rekisteri demo is ready.")))
        write(
            _("Register description: %(url)s")
            % {"url": base_url + reverse("privacy:register_description")}
        )
        write(_("Staff sign-in: %(url)s") % {"url": base_url + reverse("staff:login")})
        write(_("Demo staff accounts, one per role (role, email, password):"))
        width = max(len(str(login.role.label)) for login in result.staff)
        email_width = max(len(login.email) for login in result.staff)
        for login in result.staff:
            write(
                f"  {login.role.label!s:<{width}}  {login.email:<{email_width}}  {login.password}"
            )
        for line in demo_second_factor_note():
            write(line)
        for login in result.staff:
            write(f"  {login.email:<{email_width}}  {'  '.join(login.recovery_codes[:3])}")
        write("")

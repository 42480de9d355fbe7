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
from rekisteri.demo.logins import LOGINS_FILE_NAME, DemoLoginsError
from rekisteri.demo.scheduler import Scheduler, default_jobs
from rekisteri.demo.services import DemoResult, demo_load


class Command(OperatorCommand):
    summary = gettext_lazy(
        "Load the demo data and demo staff accounts, then serve the site with the "
        "scheduler running."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help=_("address to serve on"))
        parser.add_argument("--port", type=int, default=8000, help=_("port to serve on"))
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
        if not 0 < port < 65536:
            raise CommandError(_("--port must be between 1 and 65535"))
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
        scheduler = Scheduler(default_jobs())
        scheduler.start()
        try:
            # No autoreloader: it would start a second process, and a second scheduler.
            call_command("runserver", address, use_reloader=False)
        finally:
            scheduler.stop()

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
        write("")

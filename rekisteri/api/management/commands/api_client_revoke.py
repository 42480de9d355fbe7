"""``rekisteri api_client_revoke --name N``: end an integration client's access at once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rekisteri.api.models import ApiClient
from rekisteri.api.services import api_client_revoke
from rekisteri.audit.actors import Actor
from rekisteri.commands import OperatorCommand


class Command(OperatorCommand):
    summary = gettext_lazy("Revoke an integration API client's token, by the client's name.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        client = ApiClient.objects.filter(name=options["name"].strip(), is_active=True).first()
        if client is None:
            raise CommandError(_("no active API client has that name"))
        api_client_revoke(actor=Actor.system("api_client_revoke"), client=client)
        self.stdout.write(_("revoked API client %(id)s") % {"id": client.public_id})

"""``rekisteri api_client_create --name N --role customer_service [--role ...]``: a new
integration client; its token is printed once and never shown again."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rekisteri.api.services import ROLE_CHOICES, api_client_create
from rekisteri.audit.actors import Actor
from rekisteri.commands import OperatorCommand


class Command(OperatorCommand):
    summary = gettext_lazy(
        "Create an integration API client with the given roles and print its token once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument(
            "--role",
            action="append",
            required=True,
            choices=[role.value for role in ROLE_CHOICES],
            dest="roles",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            client, token = api_client_create(
                actor=Actor.system("api_client_create"),
                name=options["name"],
                roles=options["roles"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            _("created API client %(id)s with roles %(roles)s")
            % {"id": client.public_id, "roles": ", ".join(client.roles)}
        )
        self.stdout.write(_("token (shown only now, keep it secret):"))
        self.stdout.write(token)

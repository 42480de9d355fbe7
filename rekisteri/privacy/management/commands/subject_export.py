"""``rekisteri subject_export --email E [--output FILE]``: one person's access package."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rekisteri.audit.actors import Actor
from rekisteri.commands import OperatorCommand
from rekisteri.customers.selectors import customer_by_email
from rekisteri.privacy.services import subject_export


class Command(OperatorCommand):
    summary = gettext_lazy("Print one person's access package (JSON) by their email address.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--output", type=Path, help=_("write to this file"))

    def handle(self, *args: Any, **options: Any) -> None:
        customer = customer_by_email(options["email"])
        if customer is None:
            raise CommandError(_("no one with that email address is in the register"))
        package = subject_export(actor=Actor.system("subject_export"), customer=customer)
        text = json.dumps(package, ensure_ascii=False, indent=2)
        if options["output"]:
            try:
                options["output"].write_text(text + "\n", encoding="utf-8")
            except OSError as error:
                raise CommandError(
                    _("cannot write the file: %(error)s") % {"error": error.strerror}
                ) from None
        else:
            self.stdout.write(text)

"""``rekisteri ropa``: the records of processing (GDPR Art. 30) as Markdown or JSON, or the
data map as a fideslang dataset."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser
from django.utils import translation
from django.utils.translation import gettext_lazy

from rekisteri.commands import OperatorCommand
from rekisteri.privacy.datamap import datamap
from rekisteri.privacy.processors import processors
from rekisteri.privacy.ropa import fideslang_document, records_markdown, records_of_processing


class Command(OperatorCommand):
    summary = gettext_lazy(
        "Print the records of processing activities, or the data map as fideslang."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--format", default="markdown", choices=["markdown", "json", "fideslang"]
        )
        parser.add_argument(
            "--lang", default="fi", choices=[code for code, _ in settings.LANGUAGES]
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            if options["format"] == "fideslang":
                text = json.dumps(fideslang_document(datamap), indent=2, ensure_ascii=False)
            else:
                records = records_of_processing(datamap, processors)
                if options["format"] == "json":
                    text = json.dumps(records, indent=2, ensure_ascii=False)
                else:
                    text = records_markdown(records)
        self.stdout.write(text.rstrip("\n"))

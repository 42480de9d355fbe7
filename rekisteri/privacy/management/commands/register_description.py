"""``rekisteri register_description --lang fi|sv|en``: the description as Markdown."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from rekisteri.commands import OperatorCommand
from rekisteri.privacy.notice.markdown import render_markdown
from rekisteri.privacy.notice.selectors import notice_current, notice_version_get


class Command(OperatorCommand):
    summary = gettext_lazy("Print the register description (privacy notice) as Markdown.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--lang", default="fi", choices=[code for code, _ in settings.LANGUAGES]
        )
        parser.add_argument(
            "--number",
            type=int,
            dest="number",
            help="an earlier version's number (default: the one in force)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["number"] is None:
            version = notice_current()
        else:
            found = notice_version_get(options["number"])
            if found is None:
                raise CommandError(
                    gettext("there is no version %(number)d") % {"number": options["number"]}
                )
            version = found
        language = options["lang"]
        with translation.override(language):
            text = render_markdown(
                version.content[language],
                version=version.number,
                published=date_format(version.published_at, "j.n.Y"),
                updated_label=gettext("Last changed"),
            )
        self.stdout.write(text, ending="")

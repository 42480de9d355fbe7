"""Mail to a person, in their own language, sent once the transaction has committed.

Each mail is a pair of templates, ``accounts/email/<name>_subject.txt`` and
``accounts/email/<name>.txt``, rendered with the person's preferred language active. A mail
is only sent if the change it tells about was really saved.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

logger = logging.getLogger(__name__)


def site_link(url_name: str, *args: Any) -> str:
    """An absolute link to one of the site's pages, for a mail."""
    return str(settings.REKISTERI_SITE_URL).rstrip("/") + reverse(url_name, args=args)


def send_on_commit(
    *,
    name: str,
    to: str,
    language: str,
    context: dict[str, Any],
    folder: str = "accounts/email",
) -> None:
    """Send the mail ``name`` (templates in ``folder``) once the transaction commits."""

    def send() -> None:
        with translation.override(language):
            subject = " ".join(render_to_string(f"{folder}/{name}_subject.txt", context).split())
            body = render_to_string(f"{folder}/{name}.txt", context)
        try:
            EmailMessage(subject, body, to=[to]).send()
        except Exception:
            # The error text of a mail server can quote the address: log the mail's kind only.
            logger.error("Sending the %s mail failed", name)

    transaction.on_commit(send)

"""Reading published versions of the register description (public)."""

from __future__ import annotations

from django.db.models import QuerySet

from rekisteri.audit.actors import Actor
from rekisteri.privacy.models import NoticeVersion
from rekisteri.privacy.notice.services import notice_publish_if_changed


def notice_current() -> NoticeVersion:
    """The version in force; publishes first if the generated text has changed since the
    last version (so the page can never show a description that has drifted)."""
    return notice_publish_if_changed(actor=Actor.system("notice"))


def notice_versions() -> QuerySet[NoticeVersion]:
    return NoticeVersion.objects.order_by("-number").only("number", "published_at")


def notice_version_get(number: int) -> NoticeVersion | None:
    return NoticeVersion.objects.filter(number=number).first()

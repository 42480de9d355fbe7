"""Contests and entries made through the real services, as staff and visitors would."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from rekisteri.audit.actors import Actor
from rekisteri.consents.models import MarketingChannel, PermissionText
from rekisteri.contests.models import Contest, ContestEntry
from rekisteri.contests.services import contest_create, contest_enter

SYSTEM = Actor.system("test")


def contest_values(**overrides: Any) -> dict[str, Any]:
    now = timezone.now()
    values: dict[str, Any] = {
        "title": "Kevään pallokisa",
        "rules": "Arvomme voittajan kaikkien osallistujien kesken.",
        "question": "Montako palloa mahtuu autoon?",
        "starts_at": now - datetime.timedelta(days=1),
        "ends_at": now + datetime.timedelta(days=7),
        "consent_based": False,
    }
    values.update(overrides)
    return values


def open_contest(**overrides: Any) -> Contest:
    return contest_create(actor=SYSTEM, values=contest_values(**overrides))


def end(contest: Contest) -> Contest:
    """Move the contest's end into the past, keeping its entries."""
    Contest.objects.filter(pk=contest.pk).update(
        ends_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    contest.refresh_from_db()
    return contest


def enter(contest: Contest, email: str, **overrides: Any) -> ContestEntry:
    values: dict[str, Any] = {
        "name": "Liisa Lentäjä",
        "email": email,
        "answer": "Kolmesataa",
        "age_confirmed": contest.consent_based,
        "marketing_permission": None,
    }
    values.update(overrides)
    return contest_enter(actor=Actor.public(), contest=contest, **values)


def email_permission_text(language: str = "en") -> PermissionText:
    text = PermissionText.objects.filter(channel=MarketingChannel.EMAIL, language=language)
    return text.order_by("-version").first() or PermissionText.objects.create(
        channel=MarketingChannel.EMAIL, language=language, version=1, text="Email me offers."
    )

"""Rows of a person in the contest sub-registers, every mapped field filled, for the
access-package and erasure tests (``tests/privacy/subject_factories.py`` collects them)."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone

from rekisteri.contests.models import Contest, ContestEntry, ContestWinner
from rekisteri.customers.models import Customer


def _contest() -> Contest:
    now = timezone.now()
    return Contest.objects.create(
        title="Pallokisa",
        rules="Säännöt",
        question="Montako palloa?",
        starts_at=now - datetime.timedelta(days=10),
        ends_at=now - datetime.timedelta(days=1),
        consent_based=True,
    )


def entry_rows(customer: Customer) -> list[models.Model]:
    return [
        ContestEntry.objects.create(
            contest=_contest(),
            customer=customer,
            name=f"{customer.first_name} {customer.last_name}",
            email=customer.email,
            answer="Kaksitoista palloa",
            age_confirmed=True,
            marketing_permission_requested=True,
            entered_at=timezone.now() - datetime.timedelta(days=5),
        )
    ]


def winner_rows(customer: Customer) -> list[models.Model]:
    contest = _contest()
    entry = ContestEntry.objects.create(
        contest=contest,
        customer=customer,
        name=f"{customer.first_name} {customer.last_name}",
        email=customer.email,
        answer="Voittava vastaus",
    )
    return [
        ContestWinner.objects.create(
            contest=contest,
            entry=entry,
            customer=customer,
            name=entry.name,
            email=entry.email,
            drawn_at=timezone.now(),
        )
    ]


# Model label → factory, in the form the privacy tests' registry takes.
SUBJECT_FACTORIES = {
    "contests.ContestEntry": entry_rows,
    "contests.ContestWinner": winner_rows,
}

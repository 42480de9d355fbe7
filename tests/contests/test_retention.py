"""Entries expire a set time after their contest ends; winners are kept longer; both go
with the person's erasure."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from rekisteri.audit.actors import Actor
from rekisteri.contests.datamap import CONTEST_ENTRIES, CONTEST_WINNERS
from rekisteri.contests.models import Contest, ContestEntry, ContestWinner
from rekisteri.contests.services import contest_draw
from rekisteri.privacy.erasure import ErasureReason
from rekisteri.privacy.services import retention_run, subject_erase
from tests.contests.factories import end, enter, open_contest

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")


def _drawn_contest() -> tuple[Contest, ContestWinner]:
    contest = open_contest()
    enter(contest, "voittaja@example.fi")
    enter(contest, "toinen@example.fi")
    end(contest)
    [winner] = contest_draw(actor=SYSTEM, contest=contest)
    return contest, winner


def test_the_periods_are_settings_with_reasons(settings) -> None:
    settings.REKISTERI_RETENTION_CONTEST_ENTRY_MONTHS = 2
    settings.REKISTERI_RETENTION_CONTEST_WINNER_MONTHS = 30
    assert CONTEST_ENTRIES.retention.period.months == 2
    assert CONTEST_WINNERS.retention.period.months == 30
    assert CONTEST_ENTRIES.retention.reason
    assert CONTEST_WINNERS.retention.reason


def test_entries_expire_after_the_contest_ends_and_the_winner_stays(settings) -> None:
    settings.REKISTERI_RETENTION_CONTEST_ENTRY_MONTHS = 3
    settings.REKISTERI_RETENTION_CONTEST_WINNER_MONTHS = 24
    contest, winner = _drawn_contest()
    soon = contest.ends_at + datetime.timedelta(days=80)
    later = contest.ends_at + datetime.timedelta(days=100)

    retention_run(actor=SYSTEM, now=soon)
    assert ContestEntry.objects.filter(contest=contest).count() == 2

    report = retention_run(actor=SYSTEM, now=later)
    assert not ContestEntry.objects.filter(contest=contest).exists()
    assert report.removed["contest_entries"] == 2
    winner.refresh_from_db()
    assert winner.entry is None
    assert winner.email in {"voittaja@example.fi", "toinen@example.fi"}


def test_winners_expire_after_their_own_longer_period(settings) -> None:
    settings.REKISTERI_RETENTION_CONTEST_WINNER_MONTHS = 24
    _contest, winner = _drawn_contest()

    retention_run(actor=SYSTEM, now=winner.drawn_at + datetime.timedelta(days=700))
    assert ContestWinner.objects.filter(pk=winner.pk).exists()

    report = retention_run(actor=SYSTEM, now=winner.drawn_at + datetime.timedelta(days=740))
    assert not ContestWinner.objects.filter(pk=winner.pk).exists()
    assert report.removed["contest_winners"] == 1


def test_an_open_contests_entries_stay() -> None:
    contest = open_contest()
    enter(contest, "a@example.fi")
    retention_run(actor=SYSTEM, now=timezone.now())
    assert ContestEntry.objects.filter(contest=contest).exists()


def test_erasing_the_person_removes_their_entries_and_wins() -> None:
    _contest, winner = _drawn_contest()
    customer = winner.customer

    subject_erase(actor=SYSTEM, customer=customer, reason=ErasureReason.REQUEST)

    assert not ContestEntry.objects.filter(email=winner.email).exists()
    assert not ContestWinner.objects.filter(email=winner.email).exists()
    assert ContestEntry.objects.count() == 1  # the other entrant's

"""The winner draw: staff only, after the end, among this contest's entries, uniformly at
random, a person at most once, audited with counts and the entry's number only."""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.contests.models import ContestWinner
from rekisteri.contests.services import contest_draw
from tests.contests.factories import end, enter, open_contest

pytestmark = pytest.mark.django_db


@pytest.fixture
def marketing(make_staff) -> Actor:
    return Actor.for_staff(make_staff(Role.MARKETING))


def test_the_winner_is_one_of_this_contests_entries_and_is_recorded(marketing) -> None:
    contest, other = open_contest(), open_contest(title="Toinen")
    mine = {enter(contest, f"osallistuja{n}@example.fi").pk for n in range(3)}
    enter(other, "muualla@example.fi")
    end(contest)

    [winner] = contest_draw(actor=marketing, contest=contest)

    assert winner.entry_id in mine
    assert winner.drawn_at is not None
    assert winner.email == winner.entry.email
    assert winner.name == winner.entry.name
    assert ContestWinner.objects.filter(contest=other).count() == 0


def test_the_draw_is_audited_with_counts_and_the_entry_never_a_name(marketing) -> None:
    contest = open_contest()
    for n in range(3):
        enter(contest, f"osallistuja{n}@example.fi", name=f"Nimi Sukunimi{n}")
    end(contest)

    [winner] = contest_draw(actor=marketing, contest=contest)

    event = AuditEvent.objects.get(action="contest.draw")
    assert event.actor_ref == marketing.ref
    assert event.subject == str(winner.customer.public_id)
    assert event.detail == {
        "contest": contest.pk,
        "entry": winner.entry_id,
        "entries": 3,
        "winners": 1,
    }
    text = json.dumps(list(AuditEvent.objects.values()), default=str).lower()
    assert "sukunimi" not in text
    assert "osallistuja" not in text


def test_customer_service_may_not_draw(make_staff) -> None:
    contest = open_contest()
    enter(contest, "a@example.fi")
    end(contest)

    with pytest.raises(PermissionDenied):
        contest_draw(actor=Actor.for_staff(make_staff(Role.CUSTOMER_SERVICE)), contest=contest)

    assert not ContestWinner.objects.exists()
    assert not AuditEvent.objects.filter(action="contest.draw").exists()


def test_no_draw_before_the_contest_has_ended(marketing) -> None:
    contest = open_contest()
    enter(contest, "a@example.fi")

    with pytest.raises(ValidationError, match="after the contest has ended"):
        contest_draw(actor=marketing, contest=contest)
    assert not ContestWinner.objects.exists()


def test_a_person_wins_once_and_a_second_draw_picks_among_the_rest(marketing) -> None:
    contest = open_contest()
    entries = [enter(contest, f"o{n}@example.fi") for n in range(3)]
    end(contest)

    first = contest_draw(actor=marketing, contest=contest, count=2)
    second = contest_draw(actor=marketing, contest=contest)

    winners = {w.entry_id for w in [*first, *second]}
    assert winners == {e.pk for e in entries}
    with pytest.raises(ValidationError, match="not enough entries"):
        contest_draw(actor=marketing, contest=contest)


def test_asking_for_more_winners_than_entries_draws_nobody(marketing) -> None:
    contest = open_contest()
    enter(contest, "a@example.fi")
    end(contest)

    with pytest.raises(ValidationError):
        contest_draw(actor=marketing, contest=contest, count=2)
    assert not ContestWinner.objects.exists()


def test_every_entry_can_win_and_the_chances_are_even(marketing) -> None:
    contest = open_contest()
    entries = [enter(contest, f"o{n}@example.fi").pk for n in range(4)]
    end(contest)
    draws = 200

    wins: Counter[int] = Counter()
    for _ in range(draws):
        [winner] = contest_draw(actor=marketing, contest=contest)
        wins[winner.entry_id] += 1
        ContestWinner.objects.all().delete()

    assert set(wins) == set(entries)
    # 50 expected each; outside 20…80 happens by chance about once in a million runs.
    assert all(20 <= count <= 80 for count in wins.values()), wins


def test_the_draw_does_not_use_the_predictable_random_module(marketing, monkeypatch) -> None:
    contest = open_contest()
    enter(contest, "a@example.fi")
    enter(contest, "b@example.fi")
    end(contest)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the draw used the random module's own generator")

    for name in ("shuffle", "choice", "sample", "randrange", "random"):
        monkeypatch.setattr(random, name, refuse)

    assert len(contest_draw(actor=marketing, contest=contest)) == 1

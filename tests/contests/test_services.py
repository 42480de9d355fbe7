"""Contest services: who may run contests, entering, and what each writes to the audit log."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.consents.models import ConsentAction, ConsentRecord
from rekisteri.contests.models import Contest, ContestEntry
from rekisteri.contests.services import contest_create, contest_update
from rekisteri.customers.models import Channel, Customer
from rekisteri.customers.services import customer_create
from tests.contests.factories import (
    contest_values,
    email_permission_text,
    enter,
    open_contest,
)

pytestmark = pytest.mark.django_db


def _audit_text() -> str:
    return json.dumps(list(AuditEvent.objects.values()), default=str).lower()


# --- creating and editing ----------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.MARKETING, Role.REGISTER_MANAGER])
def test_marketing_and_the_register_manager_create_contests_audited(make_staff, role) -> None:
    staff = make_staff(role)

    contest = contest_create(actor=Actor.for_staff(staff), values=contest_values())

    assert Contest.objects.get(pk=contest.pk).title == "Kevään pallokisa"
    event = AuditEvent.objects.get(action="contest.create")
    assert event.actor_ref == str(staff.public_id)
    assert event.detail == {"contest": contest.pk}


@pytest.mark.parametrize("role", [Role.CUSTOMER_SERVICE, Role.ADMINISTRATOR, Role.WAREHOUSE])
def test_other_roles_may_not_create_contests(make_staff, role) -> None:
    with pytest.raises(PermissionDenied):
        contest_create(actor=Actor.for_staff(make_staff(role)), values=contest_values())

    assert not Contest.objects.exists()
    assert not AuditEvent.objects.filter(action="contest.create").exists()


def test_a_contest_must_end_after_it_starts() -> None:
    now = timezone.now()
    with pytest.raises(ValidationError):
        contest_create(
            actor=Actor.system("test"), values=contest_values(starts_at=now, ends_at=now)
        )
    assert not Contest.objects.exists()


def test_editing_names_the_changed_fields_in_the_audit_event(make_staff) -> None:
    contest = open_contest()
    actor = Actor.for_staff(make_staff(Role.MARKETING))

    contest_update(
        actor=actor, contest=contest, values={"title": "Uusi nimi", "consent_based": True}
    )

    contest.refresh_from_db()
    assert contest.title == "Uusi nimi"
    assert contest.consent_based
    event = AuditEvent.objects.get(action="contest.update")
    assert event.detail["fields"] == ["consent_based", "title"]


def test_customer_service_may_not_edit_a_contest(make_staff) -> None:
    contest = open_contest()
    with pytest.raises(PermissionDenied):
        contest_update(
            actor=Actor.for_staff(make_staff(Role.CUSTOMER_SERVICE)),
            contest=contest,
            values={"title": "Ei käy"},
        )
    contest.refresh_from_db()
    assert contest.title == "Kevään pallokisa"
    assert not AuditEvent.objects.filter(action="contest.update").exists()


# --- entering ----------------------------------------------------------------------------


def test_an_entry_brings_a_new_person_into_the_register_through_the_contest_channel() -> None:
    entry = enter(open_contest(), "Liisa@Example.FI")

    customer = entry.customer
    assert customer.channel == Channel.CONTEST
    assert customer.email == "liisa@example.fi"
    assert (customer.first_name, customer.last_name) == ("Liisa", "Lentäjä")
    assert entry.email == "liisa@example.fi"
    assert AuditEvent.objects.filter(action="customer.create", actor_kind="public").count() == 1


def test_an_entry_reuses_the_customer_with_the_same_address_and_changes_nothing() -> None:
    existing = customer_create(
        actor=Actor.system("test"),
        channel=Channel.CHECKOUT,
        first_name="Liisa",
        last_name="Alkuperäinen",
        email="liisa@example.fi",
    )

    entry = enter(open_contest(), "LIISA@example.fi", name="Joku Muu")

    assert entry.customer == existing
    existing.refresh_from_db()
    assert existing.last_name == "Alkuperäinen"
    assert existing.channel == Channel.CHECKOUT
    assert Customer.objects.count() == 1


def test_a_second_entry_from_the_same_address_is_refused_and_nothing_is_saved() -> None:
    contest = open_contest()
    enter(contest, "liisa@example.fi")
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as raised:
        enter(contest, "  Liisa@EXAMPLE.fi ")

    assert raised.value.message_dict["email"] == [
        "This email address has already entered the contest."
    ]
    assert ContestEntry.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_the_same_address_may_enter_another_contest() -> None:
    enter(open_contest(), "liisa@example.fi")
    enter(open_contest(title="Toinen"), "liisa@example.fi")
    assert ContestEntry.objects.count() == 2
    assert Customer.objects.count() == 1


@pytest.mark.parametrize(
    ("starts", "ends"),
    [(1, 5), (-5, -1)],
    ids=["not started", "ended"],
)
def test_entries_outside_the_contest_period_are_refused(starts: int, ends: int) -> None:
    now = timezone.now()
    contest = open_contest(
        starts_at=now + datetime.timedelta(days=starts),
        ends_at=now + datetime.timedelta(days=ends),
    )

    with pytest.raises(ValidationError, match="not open"):
        enter(contest, "liisa@example.fi")

    assert not ContestEntry.objects.exists()
    assert not Customer.objects.exists()


def test_the_contest_closes_exactly_at_its_end() -> None:
    contest = open_contest()
    with pytest.raises(ValidationError):
        enter(contest, "liisa@example.fi", now=contest.ends_at)
    assert enter(contest, "liisa@example.fi", now=contest.ends_at - datetime.timedelta(seconds=1))


def test_a_consent_based_contest_requires_the_age_confirmation() -> None:
    contest = open_contest(consent_based=True)

    with pytest.raises(ValidationError) as raised:
        enter(contest, "liisa@example.fi", age_confirmed=False)

    assert "age_confirmed" in raised.value.message_dict
    assert not ContestEntry.objects.exists()
    assert not Customer.objects.exists()


def test_a_consent_based_entry_records_the_age_confirmation() -> None:
    entry = enter(open_contest(consent_based=True), "liisa@example.fi", age_confirmed=True)
    assert entry.age_confirmed


def test_other_contests_do_not_ask_for_the_age() -> None:
    entry = enter(open_contest(consent_based=False), "liisa@example.fi", age_confirmed=False)
    assert not entry.age_confirmed


def test_the_entry_is_audited_with_categories_and_never_values() -> None:
    contest = open_contest()
    entry = enter(contest, "liisa@example.fi", answer="Tasan kolmesataakaksitoista")

    event = AuditEvent.objects.get(action="contest.enter")
    assert event.subject == str(entry.customer.public_id)
    assert event.actor_kind == "public"
    assert {"user.name", "user.contact.email", "user.content.private"} <= set(event.categories)
    assert event.detail == {"contest": contest.pk, "entry": entry.pk, "new_customer": True}
    text = _audit_text()
    # Words, not numbers: hashes and ids in the log are full of digits.
    for value in ("liisa", "lentäjä", "kolmesataakaksitoista"):
        assert value not in text


# --- the marketing permission ------------------------------------------------------------


def test_a_new_entrant_who_ticks_the_box_gives_the_email_permission_with_its_text() -> None:
    text = email_permission_text()

    entry = enter(open_contest(), "liisa@example.fi", marketing_permission=text)

    record = ConsentRecord.objects.get(customer=entry.customer)
    assert record.action == ConsentAction.GRANTED
    assert record.source == "contest"
    assert record.text_version == text
    assert entry.marketing_permission_requested


def test_without_the_tick_no_permission_is_recorded() -> None:
    entry = enter(open_contest(), "liisa@example.fi", marketing_permission=None)
    assert not ConsentRecord.objects.filter(customer=entry.customer).exists()
    assert not entry.marketing_permission_requested


def test_a_public_form_does_not_give_permission_for_an_address_already_registered() -> None:
    # Anyone can type anyone's address: only the wish is noted on the entry.
    existing = customer_create(
        actor=Actor.system("test"), channel=Channel.CHECKOUT, email="liisa@example.fi"
    )

    entry = enter(open_contest(), "liisa@example.fi", marketing_permission=email_permission_text())

    assert not ConsentRecord.objects.filter(customer=existing).exists()
    assert entry.marketing_permission_requested


def test_a_race_lost_at_the_database_constraint_is_the_same_refusal(monkeypatch) -> None:
    # Two entries from one address at the same moment both pass the first check; the
    # database's unique constraint lets one in, and the other is refused as a duplicate.
    contest = open_contest()
    enter(contest, "liisa@example.fi")
    real_exists = QuerySet.exists
    misses = [True]

    def first_check_misses(self: QuerySet[Any]) -> bool:
        if misses:
            misses.pop()
            return False
        return real_exists(self)

    monkeypatch.setattr(QuerySet, "exists", first_check_misses)
    customers, events = Customer.objects.count(), AuditEvent.objects.count()

    with pytest.raises(ValidationError) as raised:
        enter(contest, "liisa@example.fi")

    assert "email" in raised.value.message_dict
    assert ContestEntry.objects.count() == 1
    assert (Customer.objects.count(), AuditEvent.objects.count()) == (customers, events)

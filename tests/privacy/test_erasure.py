"""Erasure, driven by the data map: everything about the person goes, nothing identifying
remains in any table, the ledger outside the database remembers, and it is audited."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models
from django.test import Client

from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.audit.verify import audit_verify
from rekisteri.customers.models import Customer
from rekisteri.privacy.erasure import ERASURE_REFUSALS, ErasureReason, Refusal
from rekisteri.privacy.ledger import ledger_lines
from rekisteri.privacy.services import subject_erase
from tests.privacy.subject_factories import PERSON, make_person

pytestmark = pytest.mark.django_db

IDENTIFYING = ["first_name", "last_name", "email", "phone", "street_address"]


def rows_mentioning(needle: str) -> list[str]:
    """Every table and text column in which ``needle`` appears (case-insensitive)."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                query = {f"{field.name}__icontains": needle}
            elif isinstance(field, models.JSONField):
                # Compare the stored JSON as text, whatever the keys inside it.
                query = {f"{field.name}__icontains": needle}
            else:
                continue
            if model._default_manager.filter(**query).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found


def test_after_erasure_nothing_identifying_remains_in_any_table() -> None:
    customer = make_person()
    client = Client()
    client.force_login(customer.user)  # a session that names the account
    for key in IDENTIFYING:
        assert rows_mentioning(PERSON[key]), f"the test person has no {key} to erase"

    subject_erase(actor=Actor.system("test"), customer=customer, reason=ErasureReason.REQUEST)

    for key in IDENTIFYING:
        assert rows_mentioning(PERSON[key]) == [], key
    assert not Customer.objects.filter(pk=customer.pk).exists()
    assert not get_user_model().objects.filter(email=PERSON["email"]).exists()


def test_erasure_signs_the_person_out_everywhere() -> None:
    customer = make_person()
    client = Client()
    client.force_login(customer.user)
    subject_erase(actor=Actor.system("test"), customer=customer, reason=ErasureReason.REQUEST)
    from django.contrib.sessions.models import Session

    assert Session.objects.count() == 0


def test_the_ledger_outside_the_database_remembers_the_pseudonymous_id() -> None:
    customer = make_person()
    subject_erase(actor=Actor.system("test"), customer=customer, reason=ErasureReason.REQUEST)
    lines = list(ledger_lines())
    assert [(line.subject, line.reason) for line in lines] == [(str(customer.public_id), "request")]


def test_erasure_is_audited_without_personal_data(django_capture_on_commit_callbacks) -> None:
    customer = make_person()
    with django_capture_on_commit_callbacks(execute=True):
        subject_erase(actor=Actor.system("test"), customer=customer, reason=ErasureReason.REQUEST)
    event = AuditEvent.objects.get(action="subject.erase")
    assert event.subject == str(customer.public_id)
    assert event.detail["reason"] == "request"
    assert event.detail["rows"] >= 3
    assert "user.contact.email" in event.categories
    assert audit_verify().ok


def test_erasing_twice_changes_nothing_the_second_time() -> None:
    customer = make_person()
    subject_erase(actor=Actor.system("test"), customer=customer, reason=ErasureReason.REQUEST)
    again = subject_erase(
        actor=Actor.system("test"), customer=customer, reason=ErasureReason.REQUEST
    )
    assert again.already_erased
    assert AuditEvent.objects.filter(action="subject.erase").count() == 1


def test_a_legal_reason_keeps_part_and_says_why() -> None:
    customer = make_person()

    def unpaid_invoice(person: Customer) -> list[Refusal]:
        return [Refusal("an invoice is unpaid", frozenset({"privacy.Disclosure"}))]

    ERASURE_REFUSALS.append(unpaid_invoice)
    try:
        report = subject_erase(
            actor=Actor.system("test"), customer=customer, reason=ErasureReason.REQUEST
        )
    finally:
        ERASURE_REFUSALS.remove(unpaid_invoice)
    assert report.partial
    assert report.refusals == ["an invoice is unpaid"]
    assert Customer.objects.filter(pk=customer.pk).exists()  # kept for the claim
    assert customer.disclosures.count() == 1
    assert not get_user_model().objects.filter(email=PERSON["email"]).exists()


def test_the_command_erases_and_is_idempotent() -> None:
    customer = make_person()
    out = io.StringIO()
    call_command("subject_erase", "--email", customer.email, "--reason", "request", stdout=out)
    assert str(customer.public_id) in out.getvalue()
    assert not Customer.objects.filter(pk=customer.pk).exists()
    again = io.StringIO()
    call_command("subject_erase", "--email", customer.email, "--reason", "request", stdout=again)
    assert Customer.objects.count() == 0


def test_the_command_refuses_a_reason_that_is_not_a_code() -> None:
    with pytest.raises(CommandError):
        call_command("subject_erase", "--email", "x@example.fi", "--reason", "she asked")

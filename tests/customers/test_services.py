"""Customer services: audited in the same transaction, with categories and never values."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.customers.models import Channel, Customer
from rekisteri.customers.services import customer_create, customer_update

pytestmark = pytest.mark.django_db

PERSON = {
    "first_name": "Matti",
    "last_name": "Meikäläinen",
    "street_address": "Mannerheimintie 1",
    "postal_code": "00100",
    "city": "Helsinki",
    "phone": "+358 40 123 4567",
    "email": "Matti.Meikalainen@Example.fi",
}


def _audit_text() -> str:
    return json.dumps(list(AuditEvent.objects.values()), default=str)


def test_creating_a_customer_records_channel_time_and_an_audit_event() -> None:
    customer = customer_create(actor=Actor.system("test"), channel=Channel.CHECKOUT, **PERSON)
    assert customer.channel == Channel.CHECKOUT
    assert customer.entered_at is not None
    assert customer.email == "matti.meikalainen@example.fi"
    event = AuditEvent.objects.get(action="customer.create")
    assert event.subject == str(customer.public_id)
    assert "user.contact.email" in event.categories
    assert event.detail == {"channel": "checkout"}


def test_the_audit_log_holds_no_personal_values() -> None:
    customer = customer_create(actor=Actor.system("test"), channel=Channel.FEEDBACK, **PERSON)
    customer_update(actor=Actor.system("test"), customer=customer, phone="+358 50 999 8888")
    text = _audit_text().lower()
    for value in [*PERSON.values(), "+358 50 999 8888"]:
        assert value.lower() not in text


def test_rectification_names_only_the_changed_categories() -> None:
    customer = customer_create(actor=Actor.system("test"), channel=Channel.CHECKOUT, **PERSON)
    customer_update(actor=Actor.system("test"), customer=customer, city="Espoo", first_name="Matti")
    event = AuditEvent.objects.get(action="customer.update")
    assert event.categories == ["user.contact.address.city"]
    customer.refresh_from_db()
    assert customer.city == "Espoo"


def test_invalid_data_saves_nothing_and_audits_nothing() -> None:
    with pytest.raises(ValidationError):
        customer_create(
            actor=Actor.system("test"),
            channel=Channel.CHECKOUT,
            **{**PERSON, "email": "not an address"},
        )
    assert not Customer.objects.exists()
    assert not AuditEvent.objects.exists()


def test_the_customer_never_prints_its_name() -> None:
    customer = customer_create(actor=Actor.system("test"), channel=Channel.CHECKOUT, **PERSON)
    assert "Matti" not in str(customer)
    assert "Matti" not in repr(customer)

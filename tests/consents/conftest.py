"""Fixtures for marketing permissions: customers built with the real services, signed-in
customers, and the permission texts the data migration creates."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from itertools import count

import pytest
from django.test import Client

from rekisteri.accounts.models import User
from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.consents.models import ChangeSource, MarketingChannel, PermissionText
from rekisteri.consents.selectors import permission_text_current
from rekisteri.consents.services import (
    consent_grant,
    email_address_confirm,
    permission_text_publish,
)
from rekisteri.customers.models import Channel, Customer
from rekisteri.customers.services import customer_create

SYSTEM = Actor.system("test")


def person_actor(customer: Customer) -> Actor:
    return Actor(ActorKind.CUSTOMER, str(customer.public_id))


def current_text(channel: MarketingChannel, language: str = "fi") -> PermissionText:
    text = permission_text_current(channel, language)
    assert text is not None
    return text


@pytest.fixture
def permission_texts(db) -> None:
    """The data migration's first texts, again: tests that empty the tables between them
    (``transaction=True``) lose the migration's rows."""
    first_texts = importlib.import_module(
        "rekisteri.consents.migrations.0002_first_permission_texts"
    ).FIRST_TEXTS
    for (channel, language), text in first_texts.items():
        permission_text_publish(
            actor=SYSTEM, channel=MarketingChannel(channel), language=language, text=text
        )


@pytest.fixture
def client() -> Client:
    """The test client, reading pages in English so that tests can quote the messages
    (Finnish is the default and will be translated)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def make_customer(db) -> Callable[..., Customer]:
    """A customer with an email address, a phone and a street address."""
    numbers = count(1)

    def make(*, confirmed: bool = False, account: bool = False, **contact: str) -> Customer:
        n = next(numbers)
        values = {
            "first_name": "Testi",
            "last_name": f"Henkilö{n}",
            "email": f"person{n}@example.test",
            "phone": f"+358 40 000 {n:04d}",
            "street_address": f"Testikatu {n}",
            "postal_code": "00100",
            "city": "Helsinki",
            **contact,
        }
        customer = customer_create(actor=SYSTEM, channel=Channel.REGISTRATION, **values)
        if account:
            user = User.objects.create_user(values["email"], "correct horse battery staple")
            Customer.objects.filter(pk=customer.pk).update(user=user)
            customer.refresh_from_db()
        if confirmed:
            email_address_confirm(actor=SYSTEM, customer=customer, email=customer.email)
        return customer

    return make


@pytest.fixture
def grant() -> Callable[..., object]:
    """Give a permission as the system, with the current Finnish text."""

    def give(customer: Customer, channel: MarketingChannel = MarketingChannel.EMAIL) -> object:
        return consent_grant(
            actor=SYSTEM,
            customer=customer,
            channel=channel,
            source=ChangeSource.REGISTRATION,
            text_version=current_text(channel),
        )

    return give


@pytest.fixture
def signed_in_customer(
    client: Client, make_customer: Callable[..., Customer]
) -> tuple[Client, Customer]:
    """The test client signed in as a customer with an account and a confirmed address."""
    customer = make_customer(account=True, confirmed=True)
    assert customer.user is not None
    client.force_login(customer.user)
    return client, customer

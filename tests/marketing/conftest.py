"""Fixtures for the marketing pages and campaigns: customers in each state, built with the
real services of the consents and customers apps."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from itertools import count

import pytest
from django.test import Client

from rekisteri.audit.actors import Actor
from rekisteri.consents.models import ChangeSource, MarketingChannel
from rekisteri.consents.selectors import permission_text_current
from rekisteri.consents.services import (
    consent_grant,
    consent_withdraw,
    email_address_confirm,
    marketing_prohibition_set,
    permission_text_publish,
    restriction_set,
)
from rekisteri.customers.models import Channel, Customer
from rekisteri.customers.services import customer_create
from rekisteri.orders.models import Order, OrderStatus, PaymentMethod

SYSTEM = Actor.system("test")


@pytest.fixture
def client() -> Client:
    """Pages in English, so tests can quote them (Finnish is the default)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def permission_texts(db) -> None:
    """The data migration's first texts again (for ``transaction=True`` tests)."""
    first_texts = importlib.import_module(
        "rekisteri.consents.migrations.0002_first_permission_texts"
    ).FIRST_TEXTS
    for (channel, language), text in first_texts.items():
        permission_text_publish(
            actor=SYSTEM, channel=MarketingChannel(channel), language=language, text=text
        )


def grant(customer: Customer, channel: MarketingChannel = MarketingChannel.EMAIL) -> None:
    text = permission_text_current(channel, "fi")
    assert text is not None
    consent_grant(
        actor=SYSTEM,
        customer=customer,
        channel=channel,
        source=ChangeSource.REGISTRATION,
        text_version=text,
    )


def withdraw(customer: Customer, channel: MarketingChannel = MarketingChannel.EMAIL) -> None:
    consent_withdraw(actor=SYSTEM, customer=customer, channel=channel, source=ChangeSource.PROFILE)


def prohibit(customer: Customer) -> None:
    marketing_prohibition_set(
        actor=SYSTEM, customer=customer, prohibited=True, source=ChangeSource.PROFILE
    )


def restrict(customer: Customer) -> None:
    restriction_set(actor=SYSTEM, customer=customer, restricted=True, source=ChangeSource.PROFILE)


def buy(customer: Customer) -> None:
    """A paid order: the person is an existing customer (the soft opt-in's condition)."""
    Order.objects.create(
        customer=customer, status=OrderStatus.DELIVERED, payment_method=PaymentMethod.PAYTRAIL
    )


@pytest.fixture
def make_customer(db) -> Callable[..., Customer]:
    """A customer with every contact field; ``confirmed`` confirms the email address,
    ``channels`` grants those permissions."""
    numbers = count(1)

    def make(
        *,
        confirmed: bool = True,
        channels: tuple[MarketingChannel, ...] = (),
        **contact: str,
    ) -> Customer:
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
        if confirmed and customer.email:
            email_address_confirm(actor=SYSTEM, customer=customer, email=customer.email)
        for channel in channels:
            grant(customer, channel)
        return customer

    return make

"""Fixtures for credit: registered customers, invoice orders and signed-in clients."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from itertools import count

import pytest
from django.test import Client
from django.utils import timezone

from rekisteri.access.roles import Role
from rekisteri.accounts.actors import customer_actor
from rekisteri.accounts.models import User
from rekisteri.audit.actors import Actor
from rekisteri.credit.models import CreditAccount, Invoice
from rekisteri.credit.services import credit_limit_set, invoice_issue
from rekisteri.customers.models import Channel, Customer
from rekisteri.customers.services import customer_create
from rekisteri.orders.models import Order, PaymentMethod
from rekisteri.orders.references import reference_for
from tests.fixtures.staff import sign_in_staff

SYSTEM = Actor.system("test")

_numbers = count(1)


def make_registered_customer(first_name: str = "Ilmari") -> Customer:
    """A customer with an account to sign in with, made with the real services."""
    n = next(_numbers)
    email = f"{first_name.lower()}{n}@example.fi"
    customer = customer_create(
        actor=SYSTEM,
        channel=Channel.REGISTRATION,
        first_name=first_name,
        last_name="Pallonen",
        email=email,
        street_address="Kumikuja 13 B 7",
        postal_code="33100",
        city="Tampere",
    )
    user = User.objects.create_user(email, "pallo-ilmari-2026-salasana")
    Customer.objects.filter(pk=customer.pk).update(user=user)
    customer.refresh_from_db()
    return customer


def invoice_order(customer: Customer, total_cents: int) -> Order:
    """A placed invoice purchase, numbered and referenced as the checkout leaves it just
    before invoicing."""
    order = Order.objects.create(
        customer=customer,
        payment_method=PaymentMethod.INVOICE,
        total_cents=total_cents,
        vat_cents=total_cents // 5,
        delivery_first_name=customer.first_name,
        delivery_last_name=customer.last_name,
        delivery_street_address=customer.street_address,
        delivery_postal_code=customer.postal_code,
        delivery_city=customer.city,
        delivery_country="FI",
    )
    order.number = 10_000 + order.pk
    order.payment_reference = reference_for(order.number)
    order.save(update_fields=["number", "payment_reference"])
    return order


def open_account(customer: Customer, limit_cents: int) -> CreditAccount:
    return credit_limit_set(actor=SYSTEM, customer=customer, limit_cents=limit_cents)


def issue(customer: Customer, total_cents: int) -> Invoice:
    return invoice_issue(actor=customer_actor(customer), order=invoice_order(customer, total_cents))


def make_overdue(invoice: Invoice, days: int = 10) -> Invoice:
    today = timezone.localdate()
    Invoice.objects.filter(pk=invoice.pk).update(
        issued_on=today - datetime.timedelta(days=days + 14),
        due_on=today - datetime.timedelta(days=days),
    )
    invoice.refresh_from_db()
    return invoice


@pytest.fixture
def customer(db) -> Customer:
    return make_registered_customer()


@pytest.fixture
def credit_control(make_staff: Callable[..., User]) -> Actor:
    return Actor.for_staff(make_staff(Role.CREDIT_CONTROL))


@pytest.fixture
def client() -> Client:
    """The test client, reading pages in English so that tests can quote the messages
    (Finnish is the default and will be translated)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def sign_in(client: Client, make_staff: Callable[..., User]) -> Callable[..., Client]:
    """The test client, signed in as a new staff member with the given roles."""

    def signed_in(*roles: Role) -> Client:
        sign_in_staff(client, make_staff(*roles))
        return client

    return signed_in

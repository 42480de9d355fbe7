"""Property: whatever credit control types into the payment and limit forms, the answer is a
saved change that matches what was typed, or a 400 with nothing saved; never a server error."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rekisteri.access.roles import Role
from rekisteri.audit.models import AuditEvent
from rekisteri.credit.models import CreditAccount, Invoice, InvoicePayment
from rekisteri.customers.models import Customer
from tests.credit.conftest import issue, make_overdue, open_account
from tests.fixtures.staff import sign_in_staff

pytestmark = pytest.mark.django_db

any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
# Plausible amounts (two decimals, as typed in English or Finnish) and odd ones.
euros = st.one_of(
    st.decimals(min_value=0, max_value=1_000, places=2),
    st.decimals(min_value=-10, max_value=200_000, places=3),
).map(lambda amount: f"{amount:f}")
finnish_euros = euros.map(lambda text: text.replace(".", ","))
recent_days = st.integers(min_value=-40, max_value=3).map(
    lambda offset: (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()
)
days = st.one_of(
    recent_days,
    st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 1, 1)).map(
        lambda day: day.isoformat()
    ),
)
PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def invoice(customer: Customer) -> Invoice:
    open_account(customer, 100_000_00)
    # Issued a month ago, so that payment days in that month are valid.
    return make_overdue(issue(customer, 90_000_00), days=16)


@PROPERTY_SETTINGS
@given(amount=st.one_of(any_text, euros, finnish_euros), paid_on=st.one_of(any_text, days))
def test_a_payment_is_recorded_as_typed_or_refused_with_nothing_saved(
    client: Client,
    make_staff: Callable[..., object],
    invoice: Invoice,
    amount: str,
    paid_on: str,
) -> None:
    sign_in_staff(client, make_staff(Role.CREDIT_CONTROL))
    invoice.refresh_from_db()
    before = (invoice.paid_cents, InvoicePayment.objects.count())
    events = AuditEvent.objects.filter(action="credit.payment_record").count()

    response = client.post(
        reverse("staff:credit_payment", args=[invoice.pk]),
        {f"invoice{invoice.pk}-amount": amount, f"invoice{invoice.pk}-paid_on": paid_on},
    )

    assert response.status_code in {303, 400}
    event(f"status {response.status_code}")
    invoice.refresh_from_db()
    if response.status_code == 400:
        assert (invoice.paid_cents, InvoicePayment.objects.count()) == before
        assert AuditEvent.objects.filter(action="credit.payment_record").count() == events
        return
    payment = InvoicePayment.objects.latest("pk")
    assert 1 <= payment.amount_cents == invoice.paid_cents - before[0]
    assert payment.paid_on <= timezone.localdate()
    assert payment.paid_on.isoformat() == paid_on


@PROPERTY_SETTINGS
@given(limit=st.one_of(any_text, euros, finnish_euros))
def test_a_limit_is_saved_as_typed_or_refused_with_nothing_saved(
    client: Client, make_staff: Callable[..., object], customer: Customer, limit: str
) -> None:
    sign_in_staff(client, make_staff(Role.CREDIT_CONTROL))
    account = open_account(customer, 123_45)
    CreditAccount.objects.filter(pk=account.pk).update(limit_cents=123_45)

    response = client.post(reverse("staff:credit_limit", args=[account.pk]), {"limit-limit": limit})

    assert response.status_code in {303, 400}
    event(f"status {response.status_code}")
    account.refresh_from_db()
    if response.status_code == 400:
        assert account.limit_cents == 123_45
    else:
        # The pages are read in English here, so a decimal point was what got through.
        assert account.limit_cents == int(Decimal(limit.strip()) * 100)
        assert 0 <= account.limit_cents <= 10_000_000

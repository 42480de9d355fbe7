"""Erasure and credit: an unpaid invoice makes erasure a partial refusal that says why (GDPR
Art. 17(3)(e), L13); once it is paid the person is erased in full, and the invoice and the
order stay as accounting vouchers without anything that identifies the person (L20)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from rekisteri.audit.models import AuditEvent
from rekisteri.credit.models import (
    CreditAccount,
    CreditCheck,
    CreditNote,
    Invoice,
    InvoicePayment,
    PaymentDefault,
)
from rekisteri.credit.refusals import UNPAID_INVOICE
from rekisteri.credit.services import (
    credit_check,
    credit_note_issue,
    invoice_payment_record,
    payment_default_mark,
)
from rekisteri.customers.models import Customer
from rekisteri.orders.models import Order
from rekisteri.privacy.erasure import ErasureReason
from rekisteri.privacy.services import subject_erase
from tests.credit.conftest import SYSTEM, issue, make_overdue, open_account

pytestmark = pytest.mark.django_db


def _erase(customer: Customer):  # type: ignore[no-untyped-def]
    return subject_erase(actor=SYSTEM, customer=customer, reason=ErasureReason.REQUEST)


@pytest.fixture
def debtor(customer: Customer) -> tuple[Customer, Invoice]:
    """A customer with an overdue, marked, partly paid invoice and a logged check."""
    open_account(customer, 100_00)
    credit_check(actor=SYSTEM, customer=customer, amount_cents=40_00)
    invoice = make_overdue(issue(customer, 40_00))
    invoice_payment_record(
        actor=SYSTEM, invoice_id=invoice.pk, amount_cents=15_00, paid_on=timezone.localdate()
    )
    payment_default_mark(actor=SYSTEM, invoice_id=invoice.pk)
    return customer, invoice


def test_an_unpaid_invoice_makes_erasure_a_partial_refusal_with_the_reason(
    debtor: tuple[Customer, Invoice],
) -> None:
    customer, invoice = debtor

    report = _erase(customer)

    assert report.partial
    assert report.refusals == [str(UNPAID_INVOICE)]
    # What is needed to collect the debt stays as it was.
    kept = Customer.objects.get(pk=customer.pk)
    assert (kept.first_name, kept.email) == (customer.first_name, customer.email)
    assert CreditAccount.objects.filter(customer=customer).exists()
    invoice.refresh_from_db()
    assert invoice.account is not None
    assert invoice.payments.count() == 1
    assert PaymentDefault.objects.filter(invoice=invoice, cleared_on__isnull=True).exists()
    order = Order.objects.get(pk=invoice.order_id)
    assert (order.customer_id, order.delivery_last_name) == (customer.pk, customer.last_name)
    # What is not needed goes: the sign-in account and the log of credit checks.
    assert not get_user_model().objects.filter(pk=customer.user_id).exists()
    assert not CreditCheck.objects.filter(customer=customer).exists()
    assert AuditEvent.objects.get(action="subject.erase").detail["partial"] is True


def test_once_paid_the_person_is_erased_in_full_and_the_vouchers_stay_without_identity(
    debtor: tuple[Customer, Invoice],
) -> None:
    customer, invoice = debtor
    _erase(customer)
    invoice_payment_record(
        actor=SYSTEM, invoice_id=invoice.pk, amount_cents=25_00, paid_on=timezone.localdate()
    )

    report = _erase(customer)

    assert not report.partial
    assert not Customer.objects.filter(pk=customer.pk).exists()
    assert not CreditAccount.objects.exists()
    assert not PaymentDefault.objects.exists()
    # The invoice, its payments and the order are vouchers: kept, but tied to no one.
    invoice.refresh_from_db()
    assert invoice.account is None
    assert (invoice.number, invoice.amount_cents, invoice.paid_cents, invoice.status) == (
        invoice.order.number,
        40_00,
        40_00,
        "paid",
    )
    assert InvoicePayment.objects.filter(invoice=invoice).count() == 2
    order = Order.objects.get(pk=invoice.order_id)
    assert order.customer_id is None
    assert order.delivery_last_name == ""
    assert order.delivery_street_address == ""
    assert order.total_cents == 40_00


def test_an_invoice_settled_by_a_credit_note_no_longer_holds_erasure_back(
    customer: Customer,
) -> None:
    open_account(customer, 100_00)
    invoice = issue(customer, 20_00)
    credit_note_issue(actor=SYSTEM, order=invoice.order, amount_cents=20_00)

    report = _erase(customer)

    assert not report.partial
    assert not Customer.objects.filter(pk=customer.pk).exists()
    note = CreditNote.objects.get(invoice=invoice)
    assert (note.amount_cents, note.invoice.account) == (20_00, None)


def test_a_customer_without_credit_is_erased_in_full(customer: Customer) -> None:
    assert not _erase(customer).partial

"""Rows of a person in the credit sub-registers (account, invoices, payments, credit notes,
default markings, credit checks), every mapped field filled, for the access-package and
erasure tests (``tests/privacy/subject_factories.py`` collects them).

Every invoice here is settled, so the person can be erased in full; the tests of the partial
refusal make their own open invoice."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone

from rekisteri.credit.models import (
    CheckOutcome,
    CheckPurpose,
    CheckReason,
    CheckSource,
    CreditAccount,
    CreditCheck,
    CreditNote,
    DefaultClearing,
    Invoice,
    InvoicePayment,
    InvoiceStatus,
    PaymentDefault,
)
from rekisteri.customers.models import Customer
from rekisteri.orders.models import Order, OrderStatus, PaymentMethod
from rekisteri.orders.references import reference_for


def _account(customer: Customer) -> CreditAccount:
    account, _created = CreditAccount.objects.get_or_create(
        customer=customer,
        defaults={
            "limit_cents": 50_000,
            "opened_on": timezone.localdate() - datetime.timedelta(days=90),
        },
    )
    return account


def _invoice(customer: Customer) -> Invoice:
    today = timezone.localdate()
    order = Order.objects.create(
        customer=customer,
        status=OrderStatus.INVOICED,
        payment_method=PaymentMethod.INVOICE,
        total_cents=5_000,
        vat_cents=1_016,
        placed_at=timezone.now() - datetime.timedelta(days=40),
    )
    number = 100 + order.pk
    Order.objects.filter(pk=order.pk).update(number=number, payment_reference=reference_for(number))
    return Invoice.objects.create(
        account=_account(customer),
        order=order,
        number=number,
        reference=reference_for(number),
        amount_cents=5_000,
        issued_on=today - datetime.timedelta(days=40),
        due_on=today - datetime.timedelta(days=26),
        status=InvoiceStatus.PAID,
        paid_cents=3_000,
        credited_cents=2_000,
        settled_on=today - datetime.timedelta(days=20),
    )


def account_rows(customer: Customer) -> list[models.Model]:
    return [_account(customer)]


def invoice_rows(customer: Customer) -> list[models.Model]:
    return [_invoice(customer)]


def payment_rows(customer: Customer) -> list[models.Model]:
    invoice = _invoice(customer)
    return [
        InvoicePayment.objects.create(
            invoice=invoice,
            amount_cents=3_000,
            paid_on=invoice.issued_on + datetime.timedelta(days=20),
            recorded_at=timezone.now() - datetime.timedelta(days=19),
        )
    ]


def credit_note_rows(customer: Customer) -> list[models.Model]:
    invoice = _invoice(customer)
    note = CreditNote.objects.create(
        invoice=invoice, amount_cents=2_000, issued_on=invoice.issued_on + datetime.timedelta(7)
    )
    CreditNote.objects.filter(pk=note.pk).update(number=900_000 + note.pk)
    note.refresh_from_db()
    return [note]


def default_rows(customer: Customer) -> list[models.Model]:
    invoice = _invoice(customer)
    return [
        PaymentDefault.objects.create(
            account=_account(customer),
            invoice=invoice,
            marked_on=invoice.due_on + datetime.timedelta(days=3),
            cleared_on=invoice.settled_on,
            cleared_because=DefaultClearing.SETTLED,
        )
    ]


def check_rows(customer: Customer) -> list[models.Model]:
    return [
        CreditCheck.objects.create(
            customer=customer,
            checked_at=timezone.now() - datetime.timedelta(days=40),
            amount_cents=5_000,
            outcome=CheckOutcome.ALLOWED,
            reason=CheckReason.WITHIN_LIMIT,
            purpose=CheckPurpose.INVOICE_PURCHASE,
            source=CheckSource.OWN_RECORDS,
        )
    ]


# Model label → factory, in the form the privacy tests' registry takes.
SUBJECT_FACTORIES = {
    "credit.CreditAccount": account_rows,
    "credit.Invoice": invoice_rows,
    "credit.InvoicePayment": payment_rows,
    "credit.CreditNote": credit_note_rows,
    "credit.PaymentDefault": default_rows,
    "credit.CreditCheck": check_rows,
}

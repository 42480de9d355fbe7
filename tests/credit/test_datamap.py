"""Credit in the data map: the register description tells customers that credit data is used
and where it comes from (L23), the access rules hold, and the retention job applies the
credit rules (L7, L20)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from rekisteri.access.policy import readable_fields, writable_fields
from rekisteri.access.roles import Role
from rekisteri.credit.models import (
    CreditAccount,
    CreditCheck,
    Invoice,
    InvoicePayment,
    PaymentDefault,
)
from rekisteri.credit.services import credit_check, invoice_payment_record, payment_default_mark
from rekisteri.customers.models import Customer
from rekisteri.privacy.datamap import Erasure, datamap
from rekisteri.privacy.services import retention_run
from tests.credit.conftest import SYSTEM, issue, make_overdue, open_account

pytestmark = pytest.mark.django_db


def _description(language: str = "en") -> str:
    out = io.StringIO()
    call_command("register_description", "--lang", language, stdout=out)
    return out.getvalue()


def test_the_register_description_says_credit_data_is_used_and_where_it_comes_from() -> None:
    text = _description()
    assert "Credit accounts and invoices:" in text
    assert "comes only from the shop's own records of its invoices" in text
    assert "the shop uses no outside credit bureau" in text
    assert "Credit checks: Before an invoice purchase is allowed" in text
    assert "Payment default markings:" in text
    assert "granting and monitoring credit for invoice purchases" in text
    assert "1 year after the credit check was made" in text


def test_the_register_description_declares_the_automated_invoice_decision() -> None:
    text = _description()
    automated = text[text.index("Automated decision-making") :]
    assert "Invoice purchase: when a registered customer chooses to pay" in automated
    assert "makes no automated decisions" not in automated


def test_invoices_and_credit_notes_are_vouchers_kept_on_erasure() -> None:
    for model, names in (
        (Invoice, ["number", "reference", "amount_cents", "issued_on", "due_on", "status"]),
        (InvoicePayment, ["amount_cents", "paid_on"]),
    ):
        model_map = datamap.model_map(model)
        assert model_map is not None
        for name in names:
            assert model_map.fields[name].erase == Erasure.KEEP, name
    invoice_map = datamap.model_map(Invoice)
    assert invoice_map is not None
    assert invoice_map.fields["account"].erase == Erasure.DELETE


def test_credit_control_reads_and_writes_customer_service_sees_invoice_status() -> None:
    assert "limit_cents" in writable_fields({Role.CREDIT_CONTROL}, CreditAccount)
    assert "limit_cents" in readable_fields({Role.REGISTER_MANAGER}, CreditAccount)
    assert "limit_cents" not in readable_fields({Role.CUSTOMER_SERVICE}, CreditAccount)
    assert {"status", "due_on", "reference"} <= set(
        readable_fields({Role.CUSTOMER_SERVICE}, Invoice)
    )
    for role in (Role.ADMINISTRATOR, Role.WAREHOUSE, Role.MARKETING):
        for model in (CreditAccount, Invoice, CreditCheck, PaymentDefault):
            assert readable_fields({role}, model) == [], (role, model)


def test_the_retention_job_removes_old_checks_and_cleared_markings_and_keeps_the_rest(
    customer: Customer,
) -> None:
    open_account(customer, 100_00)
    credit_check(actor=SYSTEM, customer=customer, amount_cents=10_00)
    credit_check(actor=SYSTEM, customer=customer, amount_cents=20_00)
    CreditCheck.objects.filter(amount_cents=10_00).update(
        checked_at=timezone.now() - datetime.timedelta(days=400)
    )
    cleared_long_ago = make_overdue(issue(customer, 10_00))
    marking = payment_default_mark(actor=SYSTEM, invoice_id=cleared_long_ago.pk)
    PaymentDefault.objects.filter(pk=marking.pk).update(
        cleared_on=timezone.localdate() - datetime.timedelta(days=400)
    )
    in_force = make_overdue(issue(customer, 10_00))
    payment_default_mark(actor=SYSTEM, invoice_id=in_force.pk)

    report = retention_run(actor=SYSTEM)

    assert list(CreditCheck.objects.values_list("amount_cents", flat=True)) == [20_00]
    assert list(PaymentDefault.objects.values_list("invoice_id", flat=True)) == [in_force.pk]
    assert report.removed["credit_checks"] == 1
    assert report.removed["payment_defaults"] == 1
    assert Invoice.objects.count() == 2
    assert CreditAccount.objects.filter(customer=customer).exists()


def test_invoices_go_whole_when_the_bookkeeping_period_ends(customer: Customer) -> None:
    open_account(customer, 100_00)
    old = issue(customer, 10_00)
    invoice_payment_record(
        actor=SYSTEM, invoice_id=old.pk, amount_cents=10_00, paid_on=timezone.localdate()
    )
    recent = issue(customer, 10_00)
    now = timezone.now()
    # Issued in a financial year that ended eight years ago: past 6 years + the year's end.
    Invoice.objects.filter(pk=old.pk).update(issued_on=datetime.date(now.year - 8, 6, 1))

    report = retention_run(actor=SYSTEM, now=now)

    assert list(Invoice.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not InvoicePayment.objects.exists()
    assert report.removed["credit"] >= 1

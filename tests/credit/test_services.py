"""The credit services: the limit, default markings, payments, credit notes, and the log of
every check (L23). Each service is tried allowed and denied, and its audit event read."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from rekisteri.access.roles import Role
from rekisteri.accounts.actors import customer_actor
from rekisteri.accounts.models import User
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.credit.models import (
    CreditAccount,
    CreditCheck,
    Invoice,
    InvoiceStatus,
    PaymentDefault,
)
from rekisteri.credit.selectors import credit_available
from rekisteri.credit.services import (
    CreditRefused,
    credit_check,
    credit_limit_set,
    credit_note_issue,
    invoice_issue,
    invoice_payment_record,
    payment_default_clear,
    payment_default_mark,
)
from rekisteri.customers.models import Customer
from tests.credit.conftest import (
    SYSTEM,
    invoice_order,
    issue,
    make_overdue,
    make_registered_customer,
    open_account,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today


def _audit(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("sequence")


# credit_available


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The assertions read the services' messages in English."""
    with translation.override("en"):
        yield


def test_a_customer_without_an_account_has_no_credit(customer: Customer) -> None:
    status = credit_available(customer)
    assert not status.has_account
    assert status.available_cents == 0
    assert not status.allows(1)


def test_the_balance_is_what_open_invoices_still_owe(
    customer: Customer, credit_control: Actor
) -> None:
    open_account(customer, 100_00)
    first = issue(customer, 30_00)
    issue(customer, 20_00)
    invoice_payment_record(
        actor=credit_control, invoice_id=first.pk, amount_cents=10_00, paid_on=timezone.localdate()
    )

    status = credit_available(customer)

    assert (status.limit_cents, status.balance_cents, status.available_cents) == (
        100_00,
        40_00,
        60_00,
    )
    assert status.allows(60_00)
    assert not status.allows(60_01)


# credit_check


def test_a_check_within_the_limit_is_allowed_and_logged_with_purpose_and_source(
    customer: Customer,
) -> None:
    open_account(customer, 100_00)

    decision = credit_check(actor=customer_actor(customer), customer=customer, amount_cents=100_00)

    assert decision.allowed
    assert decision.reason is None
    assert decision.code == "within_limit"
    check = CreditCheck.objects.get(customer=customer)
    assert (check.outcome, check.reason, check.purpose, check.source) == (
        "allowed",
        "within_limit",
        "invoice_purchase",
        "own_records",
    )
    assert check.amount_cents == 100_00
    assert timezone.now() - check.checked_at < datetime.timedelta(minutes=1)
    event = _audit("credit.check")
    assert event.subject == str(customer.public_id)
    assert event.categories == ["user.financial.creditworthiness"]
    assert event.purpose == "essential.service.payment_processing.credit"
    assert event.detail == {"check": check.pk, "outcome": "allowed", "reason": "within_limit"}


def test_a_check_without_an_account_is_refused_with_a_reason_and_logged(
    customer: Customer,
) -> None:
    decision = credit_check(actor=customer_actor(customer), customer=customer, amount_cents=1)

    assert not decision.allowed
    assert decision.code == "no_account"
    assert "credit account" in str(decision.reason)
    assert CreditCheck.objects.get(customer=customer).outcome == "refused"
    assert _audit("credit.check").detail["reason"] == "no_account"


def test_a_purchase_over_the_limit_is_refused(customer: Customer) -> None:
    open_account(customer, 100_00)
    issue(customer, 60_00)

    over = credit_check(actor=customer_actor(customer), customer=customer, amount_cents=40_01)
    exact = credit_check(actor=customer_actor(customer), customer=customer, amount_cents=40_00)

    assert (over.allowed, over.code) == (False, "over_limit")
    assert "credit limit" in str(over.reason)
    assert exact.allowed
    assert CreditCheck.objects.filter(customer=customer).count() == 2


def test_a_payment_default_blocks_invoice_purchase_until_cleared(
    customer: Customer, credit_control: Actor
) -> None:
    open_account(customer, 100_00)
    invoice = make_overdue(issue(customer, 10_00))
    marking = payment_default_mark(actor=credit_control, invoice_id=invoice.pk)

    blocked = credit_check(actor=customer_actor(customer), customer=customer, amount_cents=1)
    assert (blocked.allowed, blocked.code) == (False, "payment_default")
    assert credit_available(customer).available_cents == 0
    assert credit_available(customer).has_default

    payment_default_clear(actor=credit_control, default_id=marking.pk)

    assert credit_check(actor=customer_actor(customer), customer=customer, amount_cents=1).allowed


def test_a_visitor_who_has_not_signed_in_is_refused_without_reading_credit(
    customer: Customer,
) -> None:
    open_account(customer, 100_00)
    decision = credit_check(actor=Actor.public(), customer=customer, amount_cents=1)
    assert (decision.allowed, decision.code) == (False, "not_signed_in")
    assert CreditCheck.objects.get(customer=customer).reason == "not_signed_in"


def test_no_one_checks_another_customers_credit(
    customer: Customer, make_staff: Callable[..., User]
) -> None:
    other = make_registered_customer("Toinen")
    with pytest.raises(PermissionDenied):
        credit_check(actor=customer_actor(other), customer=customer, amount_cents=1)
    with pytest.raises(PermissionDenied):
        credit_check(
            actor=Actor.for_staff(make_staff(Role.CUSTOMER_SERVICE)),
            customer=customer,
            amount_cents=1,
        )
    assert not CreditCheck.objects.exists()


def test_a_check_needs_a_positive_amount(customer: Customer) -> None:
    with pytest.raises(ValueError, match="positive"):
        credit_check(actor=customer_actor(customer), customer=customer, amount_cents=0)


# invoice_issue


def test_an_invoice_is_issued_with_the_orders_number_reference_and_due_date(
    customer: Customer, settings
) -> None:
    settings.REKISTERI_INVOICE_DAYS = 21
    open_account(customer, 100_00)
    order = invoice_order(customer, 45_90)

    invoice = invoice_issue(actor=customer_actor(customer), order=order)

    assert (invoice.number, invoice.reference, invoice.amount_cents) == (
        order.number,
        order.payment_reference,
        45_90,
    )
    assert invoice.issued_on == timezone.localdate()
    assert invoice.due_on == timezone.localdate() + datetime.timedelta(days=21)
    assert invoice.status == InvoiceStatus.OPEN
    assert invoice.account == CreditAccount.objects.get(customer=customer)
    event = _audit("credit.invoice_issue")
    assert event.subject == str(customer.public_id)
    assert event.detail == {"invoice": invoice.pk, "order": order.pk}


def test_the_due_date_defaults_to_fourteen_days(customer: Customer, settings) -> None:
    if hasattr(settings, "REKISTERI_INVOICE_DAYS"):
        del settings.REKISTERI_INVOICE_DAYS
    open_account(customer, 100_00)
    invoice = issue(customer, 10_00)
    assert invoice.due_on - invoice.issued_on == datetime.timedelta(days=14)


def test_an_invoice_over_the_limit_is_refused_and_nothing_is_saved(customer: Customer) -> None:
    open_account(customer, 50_00)
    issue(customer, 40_00)
    order = invoice_order(customer, 10_01)

    with pytest.raises(CreditRefused) as refused:
        invoice_issue(actor=customer_actor(customer), order=order)

    assert isinstance(refused.value, ValidationError)
    assert refused.value.code == "over_limit"
    assert Invoice.objects.count() == 1
    assert AuditEvent.objects.filter(action="credit.invoice_issue").count() == 1


def test_an_invoice_is_refused_without_an_account(customer: Customer) -> None:
    with pytest.raises(CreditRefused):
        issue(customer, 1_00)
    assert not Invoice.objects.exists()


def test_an_order_is_invoiced_once(customer: Customer) -> None:
    open_account(customer, 100_00)
    order = invoice_order(customer, 10_00)
    invoice_issue(actor=customer_actor(customer), order=order)
    with pytest.raises(ValidationError):
        invoice_issue(actor=customer_actor(customer), order=order)
    assert Invoice.objects.count() == 1


def test_no_one_buys_on_another_customers_credit(customer: Customer) -> None:
    open_account(customer, 100_00)
    other = make_registered_customer("Toinen")
    with pytest.raises(PermissionDenied):
        invoice_issue(actor=customer_actor(other), order=invoice_order(customer, 10_00))
    with pytest.raises(PermissionDenied):
        invoice_issue(actor=Actor.public(), order=invoice_order(customer, 10_00))
    assert not Invoice.objects.exists()


# invoice_payment_record


def test_a_payment_in_part_leaves_the_invoice_open(
    customer: Customer, credit_control: Actor
) -> None:
    open_account(customer, 100_00)
    invoice = issue(customer, 50_00)

    payment = invoice_payment_record(
        actor=credit_control, invoice_id=invoice.pk, amount_cents=20_00, paid_on=TODAY()
    )

    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_cents, invoice.owed_cents) == ("open", 20_00, 30_00)
    event = _audit("credit.payment_record")
    assert event.subject == str(customer.public_id)
    # Codes and ids only: the amount is the person's financial data.
    assert event.detail == {"invoice": invoice.pk, "payment": payment.pk, "settled": False}


def test_paying_in_full_settles_the_invoice_and_clears_its_marking(
    customer: Customer, credit_control: Actor
) -> None:
    open_account(customer, 100_00)
    invoice = make_overdue(issue(customer, 50_00))
    marking = payment_default_mark(actor=credit_control, invoice_id=invoice.pk)
    day = TODAY() - datetime.timedelta(days=1)

    invoice_payment_record(
        actor=credit_control, invoice_id=invoice.pk, amount_cents=50_00, paid_on=day
    )

    invoice.refresh_from_db()
    marking.refresh_from_db()
    assert (invoice.status, invoice.settled_on, invoice.owed_cents) == ("paid", day, 0)
    assert (marking.cleared_on, marking.cleared_because) == (day, "settled")
    assert credit_available(customer).available_cents == 100_00


@pytest.mark.parametrize(
    ("amount", "days_from_today", "field"),
    [
        (50_01, 0, "amount_cents"),
        (0, 0, "amount_cents"),
        (10_00, 1, "paid_on"),
        (10_00, -30, "paid_on"),
    ],
)
def test_a_bad_payment_is_refused_and_nothing_is_saved(
    customer: Customer, credit_control: Actor, amount: int, days_from_today: int, field: str
) -> None:
    open_account(customer, 100_00)
    invoice = issue(customer, 50_00)

    with pytest.raises(ValidationError) as refused:
        invoice_payment_record(
            actor=credit_control,
            invoice_id=invoice.pk,
            amount_cents=amount,
            paid_on=TODAY() + datetime.timedelta(days=days_from_today),
        )

    assert field in refused.value.error_dict
    invoice.refresh_from_db()
    assert invoice.paid_cents == 0
    assert not invoice.payments.exists()


def test_a_settled_invoice_takes_no_more_payments(
    customer: Customer, credit_control: Actor
) -> None:
    open_account(customer, 100_00)
    invoice = issue(customer, 10_00)
    invoice_payment_record(
        actor=credit_control, invoice_id=invoice.pk, amount_cents=10_00, paid_on=TODAY()
    )
    with pytest.raises(ValidationError, match="already settled"):
        invoice_payment_record(
            actor=credit_control, invoice_id=invoice.pk, amount_cents=1, paid_on=TODAY()
        )


def test_only_credit_control_records_payments(
    customer: Customer, make_staff: Callable[..., User]
) -> None:
    open_account(customer, 100_00)
    invoice = issue(customer, 10_00)
    for actor in (
        Actor.for_staff(make_staff(Role.CUSTOMER_SERVICE)),
        Actor.for_staff(make_staff(Role.REGISTER_MANAGER)),
        customer_actor(customer),
    ):
        with pytest.raises(PermissionDenied):
            invoice_payment_record(
                actor=actor, invoice_id=invoice.pk, amount_cents=10_00, paid_on=TODAY()
            )
    assert not invoice.payments.exists()


# payment_default_mark / payment_default_clear


def test_an_invoice_not_yet_due_cannot_be_marked(customer: Customer, credit_control: Actor) -> None:
    open_account(customer, 100_00)
    invoice = issue(customer, 10_00)
    with pytest.raises(ValidationError, match="unpaid after its due date"):
        payment_default_mark(actor=credit_control, invoice_id=invoice.pk)
    assert not PaymentDefault.objects.exists()


def test_a_paid_invoice_cannot_be_marked(customer: Customer, credit_control: Actor) -> None:
    open_account(customer, 100_00)
    invoice = make_overdue(issue(customer, 10_00))
    invoice_payment_record(
        actor=credit_control, invoice_id=invoice.pk, amount_cents=10_00, paid_on=TODAY()
    )
    with pytest.raises(ValidationError):
        payment_default_mark(actor=credit_control, invoice_id=invoice.pk)


def test_an_invoice_is_marked_once_and_the_marking_is_audited(
    customer: Customer, credit_control: Actor
) -> None:
    open_account(customer, 100_00)
    invoice = make_overdue(issue(customer, 10_00))

    marking = payment_default_mark(actor=credit_control, invoice_id=invoice.pk)
    with pytest.raises(ValidationError, match="already marked"):
        payment_default_mark(actor=credit_control, invoice_id=invoice.pk)

    assert marking.in_force
    assert marking.marked_on == timezone.localdate()
    event = _audit("credit.default_mark")
    assert event.subject == str(customer.public_id)
    assert event.detail == {"invoice": invoice.pk, "default": marking.pk}


def test_clearing_a_marking_twice_is_refused(customer: Customer, credit_control: Actor) -> None:
    open_account(customer, 100_00)
    invoice = make_overdue(issue(customer, 10_00))
    marking = payment_default_mark(actor=credit_control, invoice_id=invoice.pk)

    payment_default_clear(actor=credit_control, default_id=marking.pk)
    with pytest.raises(ValidationError, match="already been cleared"):
        payment_default_clear(actor=credit_control, default_id=marking.pk)

    marking.refresh_from_db()
    assert marking.cleared_because == "credit_control"
    assert _audit("credit.default_clear").detail == {"default": marking.pk}


def test_only_credit_control_marks_and_clears(
    customer: Customer, credit_control: Actor, make_staff: Callable[..., User]
) -> None:
    open_account(customer, 100_00)
    invoice = make_overdue(issue(customer, 10_00))
    service = Actor.for_staff(make_staff(Role.CUSTOMER_SERVICE))
    with pytest.raises(PermissionDenied):
        payment_default_mark(actor=service, invoice_id=invoice.pk)
    marking = payment_default_mark(actor=credit_control, invoice_id=invoice.pk)
    with pytest.raises(PermissionDenied):
        payment_default_clear(actor=service, default_id=marking.pk)
    assert PaymentDefault.objects.get().in_force


# credit_limit_set


def test_setting_a_limit_opens_an_account_and_then_changes_it(
    customer: Customer, credit_control: Actor
) -> None:
    account = credit_limit_set(actor=credit_control, customer=customer, limit_cents=300_00)
    assert _audit("credit.limit_set").detail == {"account": account.pk, "opened": True}

    again = credit_limit_set(actor=credit_control, customer=customer, limit_cents=150_00)

    assert again.pk == account.pk
    assert CreditAccount.objects.get(customer=customer).limit_cents == 150_00
    event = _audit("credit.limit_set")
    assert event.subject == str(customer.public_id)
    assert event.detail == {"account": account.pk, "opened": False}


@pytest.mark.parametrize("limit", [-1, 10_000_001])
def test_a_limit_out_of_range_is_refused(
    customer: Customer, credit_control: Actor, limit: int
) -> None:
    with pytest.raises(ValidationError) as refused:
        credit_limit_set(actor=credit_control, customer=customer, limit_cents=limit)
    assert "limit_cents" in refused.value.error_dict
    assert not CreditAccount.objects.exists()


def test_only_credit_control_sets_limits(
    customer: Customer, make_staff: Callable[..., User]
) -> None:
    for role in (Role.CUSTOMER_SERVICE, Role.REGISTER_MANAGER, Role.ADMINISTRATOR):
        with pytest.raises(PermissionDenied):
            credit_limit_set(
                actor=Actor.for_staff(make_staff(role)), customer=customer, limit_cents=100_00
            )
    with pytest.raises(PermissionDenied):
        credit_limit_set(actor=customer_actor(customer), customer=customer, limit_cents=100_00)
    assert not CreditAccount.objects.exists()


def test_a_limit_below_the_balance_only_stops_new_purchases(
    customer: Customer, credit_control: Actor
) -> None:
    open_account(customer, 100_00)
    issue(customer, 80_00)
    credit_limit_set(actor=credit_control, customer=customer, limit_cents=50_00)
    status = credit_available(customer)
    assert (status.balance_cents, status.available_cents) == (80_00, 0)


# credit_note_issue


def test_a_credit_note_reduces_what_the_invoice_asks_for(
    customer: Customer, make_staff: Callable[..., User]
) -> None:
    open_account(customer, 100_00)
    invoice = issue(customer, 50_00)
    service = Actor.for_staff(make_staff(Role.CUSTOMER_SERVICE))

    note = credit_note_issue(actor=service, order=invoice.order, amount_cents=20_00)

    invoice.refresh_from_db()
    assert (invoice.credited_cents, invoice.owed_cents, invoice.status) == (20_00, 30_00, "open")
    assert note.number is not None
    assert note.issued_on == timezone.localdate()
    assert credit_available(customer).balance_cents == 30_00
    event = _audit("credit.note_issue")
    assert event.subject == str(customer.public_id)
    assert event.purpose == "essential.legal_obligation"
    assert event.detail == {"invoice": invoice.pk, "credit_note": note.pk, "settled": False}


def test_crediting_the_whole_invoice_settles_it_as_credited(customer: Customer) -> None:
    open_account(customer, 100_00)
    invoice = issue(customer, 50_00)
    credit_note_issue(actor=SYSTEM, order=invoice.order, amount_cents=30_00)
    credit_note_issue(actor=SYSTEM, order=invoice.order, amount_cents=20_00)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.settled_on) == ("credited", timezone.localdate())
    assert credit_available(customer).balance_cents == 0


def test_paid_in_part_and_credited_for_the_rest_is_settled_as_paid(
    customer: Customer, credit_control: Actor
) -> None:
    open_account(customer, 100_00)
    invoice = issue(customer, 50_00)
    invoice_payment_record(
        actor=credit_control, invoice_id=invoice.pk, amount_cents=30_00, paid_on=TODAY()
    )
    credit_note_issue(actor=credit_control, order=invoice.order, amount_cents=20_00)
    invoice.refresh_from_db()
    assert invoice.status == "paid"


def test_goods_returned_after_payment_leave_money_to_pay_back(
    customer: Customer, credit_control: Actor
) -> None:
    open_account(customer, 100_00)
    invoice = issue(customer, 50_00)
    invoice_payment_record(
        actor=credit_control, invoice_id=invoice.pk, amount_cents=50_00, paid_on=TODAY()
    )

    credit_note_issue(actor=credit_control, order=invoice.order, amount_cents=50_00)

    invoice.refresh_from_db()
    assert (invoice.status, invoice.owed_cents, invoice.refund_due_cents) == ("credited", 0, 50_00)
    assert credit_available(customer).balance_cents == 0


def test_credit_notes_never_exceed_the_invoice_amount(customer: Customer) -> None:
    open_account(customer, 100_00)
    invoice = issue(customer, 50_00)
    credit_note_issue(actor=SYSTEM, order=invoice.order, amount_cents=40_00)

    with pytest.raises(ValidationError) as refused:
        credit_note_issue(actor=SYSTEM, order=invoice.order, amount_cents=10_01)

    assert "amount_cents" in refused.value.error_dict
    invoice.refresh_from_db()
    assert invoice.credited_cents == 40_00
    assert invoice.credit_notes.count() == 1


def test_an_order_without_an_invoice_gets_no_credit_note(customer: Customer) -> None:
    with pytest.raises(ValidationError, match="no invoice"):
        credit_note_issue(actor=SYSTEM, order=invoice_order(customer, 10_00), amount_cents=1)


def test_the_warehouse_and_the_customer_issue_no_credit_notes(
    customer: Customer, make_staff: Callable[..., User]
) -> None:
    open_account(customer, 100_00)
    invoice = issue(customer, 50_00)
    for actor in (Actor.for_staff(make_staff(Role.WAREHOUSE)), customer_actor(customer)):
        with pytest.raises(PermissionDenied):
            credit_note_issue(actor=actor, order=invoice.order, amount_cents=1_00)
    assert not invoice.credit_notes.exists()

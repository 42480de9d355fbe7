"""Writes to credit: checks, invoices, payments, default markings, limits and credit notes.

Every service takes the acting party, runs in one transaction and writes its audit event
there. Audit details hold ids and codes only: amounts and limits are the person's financial
data, so they stay out of the log.

Two checkouts of the same customer must not together go over the limit. ``invoice_issue``
therefore takes the account's row lock (PostgreSQL) inside the checkout's transaction and
checks the limit again; on SQLite the immediate transactions already let one writer in at a
time. ``credit_check`` before it is the logged decision the customer is told about; the
lock is what makes the limit hold.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.audit.services import audit_record
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
from rekisteri.credit.selectors import balance_cents, has_default_in_force
from rekisteri.customers.models import Customer
from rekisteri.orders.models import Order, PaymentMethod
from rekisteri.privacy.datamap import purposes

CREDITWORTHINESS = "user.financial.creditworthiness"
# The largest credit limit credit control can set (100 000 €): a typo of a few extra digits
# is refused rather than granted.
MAX_LIMIT_CENTS = 10_000_000
# Credit note numbers start here, apart from order and invoice numbers.
FIRST_CREDIT_NOTE_NUMBER = 500_000
DEFAULT_INVOICE_DAYS = 14

# What the customer is told when an invoice purchase is refused, by reason.
REFUSAL_MESSAGES: dict[str, Promise] = {
    CheckReason.NO_ACCOUNT: gettext_lazy(
        "Invoice purchase needs a credit account with the shop. Please choose another way "
        "to pay, or ask customer service about a credit account."
    ),
    CheckReason.PAYMENT_DEFAULT: gettext_lazy(
        "Invoice purchase is not possible while an invoice of yours is marked as unpaid "
        "after its due date. Please choose another way to pay."
    ),
    CheckReason.OVER_LIMIT: gettext_lazy(
        "This purchase would exceed your credit limit. Please choose another way to pay, or "
        "pay an open invoice first."
    ),
    CheckReason.NOT_SIGNED_IN: gettext_lazy(
        "Invoice purchase is available to registered customers who have signed in."
    ),
}


class CreditRefused(ValidationError):
    """An invoice purchase does not fit the customer's credit (the message says why, in the
    customer's language, and names no one)."""


@dataclass(frozen=True)
class CreditDecision:
    allowed: bool
    reason: str | Promise | None  # what the customer is told when refused
    code: str  # a CheckReason value


def _invoice_days() -> int:
    """Days from issue to due date (setting ``REKISTERI_INVOICE_DAYS``, default 14)."""
    return int(getattr(settings, "REKISTERI_INVOICE_DAYS", DEFAULT_INVOICE_DAYS))


# Who may do what.


def _acts_for_customer(actor: Actor, customer: Customer) -> bool:
    """The customer themselves, a system job, or credit control."""
    if actor.kind == ActorKind.SYSTEM:
        return True
    if actor.kind == ActorKind.CUSTOMER:
        return actor.ref == str(customer.public_id)
    return actor.has_role(Role.CREDIT_CONTROL)


def _require_credit_control(actor: Actor) -> None:
    if not (actor.kind == ActorKind.SYSTEM or actor.has_role(Role.CREDIT_CONTROL)):
        raise PermissionDenied(_("Only credit control may change credit data."))


def _require_returns_handler(actor: Actor) -> None:
    allowed = {Role.CREDIT_CONTROL, Role.CUSTOMER_SERVICE}
    if not (actor.kind == ActorKind.SYSTEM or actor.roles & allowed):
        raise PermissionDenied(_("Only customer service or credit control may issue credit notes."))


def _subject(account: CreditAccount | None) -> str:
    return str(account.customer.public_id) if account is not None else ""


# The decision.


def _decide(account: CreditAccount | None, amount_cents: int) -> CheckReason:
    if account is None:
        return CheckReason.NO_ACCOUNT
    if has_default_in_force(account):
        return CheckReason.PAYMENT_DEFAULT
    if balance_cents(account) + amount_cents > account.limit_cents:
        return CheckReason.OVER_LIMIT
    return CheckReason.WITHIN_LIMIT


def _decision(reason: CheckReason) -> CreditDecision:
    allowed = reason == CheckReason.WITHIN_LIMIT
    return CreditDecision(
        allowed=allowed,
        reason=None if allowed else REFUSAL_MESSAGES[reason],
        code=reason.value,
    )


def _check_amount(amount_cents: int) -> None:
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int) or amount_cents < 1:
        raise ValueError("amount_cents must be a positive number of cents")


def credit_check(*, actor: Actor, customer: Customer, amount_cents: int) -> CreditDecision:
    """May ``customer`` buy on invoice for ``amount_cents`` now? Allowed only with a credit
    account, no payment default marking in force, and the open balance plus this purchase
    within the limit. Every check is logged with its purpose, source and time (L23), and
    audited.

    A visitor who has not signed in is refused without looking at any credit data (the
    refusal is logged all the same)."""
    _check_amount(amount_cents)
    if actor.kind != ActorKind.PUBLIC and not _acts_for_customer(actor, customer):
        raise PermissionDenied(_("You may not check this customer's credit."))
    with transaction.atomic():
        if actor.kind == ActorKind.PUBLIC:
            reason = CheckReason.NOT_SIGNED_IN
        else:
            reason = _decide(CreditAccount.objects.filter(customer=customer).first(), amount_cents)
        decision = _decision(reason)
        check = CreditCheck.objects.create(
            customer=customer,
            checked_at=timezone.now(),
            amount_cents=amount_cents,
            outcome=CheckOutcome.ALLOWED if decision.allowed else CheckOutcome.REFUSED,
            reason=reason,
            purpose=CheckPurpose.INVOICE_PURCHASE,
            source=CheckSource.OWN_RECORDS,
        )
        audit_record(
            actor=actor,
            action="credit.check",
            subject=str(customer.public_id),
            categories=[CREDITWORTHINESS],
            purpose=purposes.CREDIT_MANAGEMENT.key,
            detail={"check": check.pk, "outcome": check.outcome, "reason": reason.value},
        )
    return decision


def invoice_issue(*, actor: Actor, order: Order) -> Invoice:
    """Issue the invoice of an invoice purchase, inside the checkout's transaction after a
    successful ``credit_check``. The account row is locked and the limit checked again, so
    two checkouts at once cannot both go over it: the later one raises ``CreditRefused``
    (and the checkout's transaction, order and all, is rolled back)."""
    customer = order.customer
    if customer is None:
        raise ValueError("an invoice needs an order with a customer")
    if order.payment_method != PaymentMethod.INVOICE:
        raise ValueError("only an invoice purchase is invoiced")
    if order.number is None or not order.payment_reference or order.total_cents < 1:
        raise ValueError("the order must be numbered, referenced and priced before invoicing")
    if actor.kind == ActorKind.PUBLIC or not _acts_for_customer(actor, customer):
        raise PermissionDenied(_("You may not buy on this customer's credit."))
    with transaction.atomic():
        account = CreditAccount.objects.select_for_update().filter(customer=customer).first()
        reason = _decide(account, order.total_cents)
        if reason != CheckReason.WITHIN_LIMIT:
            raise CreditRefused(str(REFUSAL_MESSAGES[reason]), code=reason.value)
        assert account is not None
        if Invoice.objects.filter(order=order).exists():
            raise ValidationError(_("This order has already been invoiced."), code="invoiced")
        today = timezone.localdate()
        invoice = Invoice.objects.create(
            account=account,
            order=order,
            number=order.number,
            reference=order.payment_reference,
            amount_cents=order.total_cents,
            issued_on=today,
            due_on=today + datetime.timedelta(days=_invoice_days()),
        )
        audit_record(
            actor=actor,
            action="credit.invoice_issue",
            subject=str(customer.public_id),
            categories=[CREDITWORTHINESS],
            purpose=purposes.CREDIT_MANAGEMENT.key,
            detail={"invoice": invoice.pk, "order": order.pk},
        )
    return invoice


def _locked_invoice(invoice_id: int) -> Invoice:
    # ``of``: lock the invoice row only (PostgreSQL refuses to lock the nullable side of the
    # outer join to the account).
    invoice = (
        Invoice.objects.select_for_update(of=("self",))
        .select_related("account__customer")
        .filter(pk=invoice_id)
        .first()
    )
    if invoice is None:
        raise ValidationError(_("There is no such invoice."), code="no_invoice")
    return invoice


def _settle_if_paid(invoice: Invoice, day: datetime.date) -> bool:
    """Close the invoice when payments and credit notes cover it, and clear its markings."""
    if invoice.paid_cents + invoice.credited_cents < invoice.amount_cents:
        return False
    fully_credited = invoice.credited_cents >= invoice.amount_cents and invoice.paid_cents == 0
    invoice.status = InvoiceStatus.CREDITED if fully_credited else InvoiceStatus.PAID
    invoice.settled_on = day
    PaymentDefault.objects.filter(invoice=invoice, cleared_on__isnull=True).update(
        cleared_on=day, cleared_because=DefaultClearing.SETTLED
    )
    return True


def invoice_payment_record(
    *, actor: Actor, invoice_id: int, amount_cents: int, paid_on: datetime.date
) -> InvoicePayment:
    """Record a payment received for an open invoice. More than is owed, a day in the
    future or before the invoice was issued is refused (ValidationError, nothing saved).
    A payment that settles the invoice clears its payment default marking."""
    _require_credit_control(actor)
    with transaction.atomic():
        invoice = _locked_invoice(invoice_id)
        if invoice.status != InvoiceStatus.OPEN:
            raise ValidationError(_("This invoice is already settled."), code="settled")
        if not 1 <= amount_cents <= invoice.owed_cents:
            raise ValidationError(
                {"amount_cents": _("The payment must be more than zero and at most what is owed.")},
                code="amount",
            )
        if paid_on > timezone.localdate():
            raise ValidationError(
                {"paid_on": _("The payment day cannot be in the future.")}, code="future"
            )
        if paid_on < invoice.issued_on:
            raise ValidationError(
                {"paid_on": _("The payment day cannot be before the invoice was issued.")},
                code="before_issue",
            )
        payment = InvoicePayment.objects.create(
            invoice=invoice, amount_cents=amount_cents, paid_on=paid_on
        )
        invoice.paid_cents += amount_cents
        settled = _settle_if_paid(invoice, paid_on)
        invoice.save(update_fields=["paid_cents", "status", "settled_on"])
        audit_record(
            actor=actor,
            action="credit.payment_record",
            subject=_subject(invoice.account),
            categories=[CREDITWORTHINESS],
            purpose=purposes.CREDIT_MANAGEMENT.key,
            detail={"invoice": invoice.pk, "payment": payment.pk, "settled": settled},
        )
    return payment


def payment_default_mark(*, actor: Actor, invoice_id: int) -> PaymentDefault:
    """Mark a payment default on an invoice that is unpaid after its due date. Refused
    (ValidationError) for an invoice not yet due, settled, or already marked."""
    _require_credit_control(actor)
    with transaction.atomic():
        invoice = _locked_invoice(invoice_id)
        today = timezone.localdate()
        if invoice.account is None or not invoice.is_overdue(today) or invoice.owed_cents < 1:
            raise ValidationError(
                _("Only an invoice that is unpaid after its due date can be marked."),
                code="not_overdue",
            )
        if PaymentDefault.objects.filter(invoice=invoice, cleared_on__isnull=True).exists():
            raise ValidationError(_("This invoice is already marked."), code="marked")
        marking = PaymentDefault.objects.create(
            account=invoice.account, invoice=invoice, marked_on=today
        )
        audit_record(
            actor=actor,
            action="credit.default_mark",
            subject=_subject(invoice.account),
            categories=[CREDITWORTHINESS],
            purpose=purposes.CREDIT_MANAGEMENT.key,
            detail={"invoice": invoice.pk, "default": marking.pk},
        )
    return marking


def payment_default_clear(*, actor: Actor, default_id: int) -> PaymentDefault:
    """Clear a payment default marking in force (credit control's decision, for example
    after a payment plan was agreed)."""
    _require_credit_control(actor)
    with transaction.atomic():
        marking = (
            PaymentDefault.objects.select_for_update(of=("self",))
            .select_related("account__customer")
            .filter(pk=default_id)
            .first()
        )
        if marking is None:
            raise ValidationError(_("There is no such marking."), code="no_default")
        if marking.cleared_on is not None:
            raise ValidationError(_("This marking has already been cleared."), code="cleared")
        marking.cleared_on = timezone.localdate()
        marking.cleared_because = DefaultClearing.CREDIT_CONTROL
        marking.save(update_fields=["cleared_on", "cleared_because"])
        audit_record(
            actor=actor,
            action="credit.default_clear",
            subject=_subject(marking.account),
            categories=[CREDITWORTHINESS],
            purpose=purposes.CREDIT_MANAGEMENT.key,
            detail={"default": marking.pk},
        )
    return marking


def credit_limit_set(*, actor: Actor, customer: Customer, limit_cents: int) -> CreditAccount:
    """Set the customer's credit limit, opening a credit account if they have none. A limit
    below the current balance is allowed: it only stops new invoice purchases."""
    _require_credit_control(actor)
    if isinstance(limit_cents, bool) or not 0 <= limit_cents <= MAX_LIMIT_CENTS:
        raise ValidationError(
            {
                "limit_cents": _("The credit limit must be between 0 and %(max)d euros.")
                % {"max": MAX_LIMIT_CENTS // 100}
            },
            code="limit",
        )
    with transaction.atomic():
        # Lock the customer row so that two first limits cannot open two accounts.
        locked = Customer.objects.select_for_update().filter(pk=customer.pk).first()
        if locked is None:
            raise ValidationError(_("There is no such customer."), code="no_customer")
        account, opened = CreditAccount.objects.select_for_update().get_or_create(
            customer=locked, defaults={"limit_cents": limit_cents}
        )
        if not opened:
            account.limit_cents = limit_cents
            account.save(update_fields=["limit_cents"])
        audit_record(
            actor=actor,
            action="credit.limit_set",
            subject=str(locked.public_id),
            categories=[CREDITWORTHINESS],
            purpose=purposes.CREDIT_MANAGEMENT.key,
            detail={"account": account.pk, "opened": opened},
        )
    return account


def credit_note_issue(*, actor: Actor, order: Order, amount_cents: int) -> CreditNote:
    """A credit note for goods returned from an invoice purchase: it reduces what the
    invoice asks for. The credit notes of one invoice together never exceed its amount
    (ValidationError). A credit note for goods already paid for leaves the invoice settled
    and the money is refunded by the returns process."""
    _require_returns_handler(actor)
    with transaction.atomic():
        invoice_id = Invoice.objects.filter(order=order).values_list("pk", flat=True).first()
        if invoice_id is None:
            raise ValidationError(_("This order has no invoice to credit."), code="no_invoice")
        invoice = _locked_invoice(invoice_id)
        creditable = invoice.amount_cents - invoice.credited_cents
        if isinstance(amount_cents, bool) or not 1 <= amount_cents <= creditable:
            raise ValidationError(
                {
                    "amount_cents": _(
                        "A credit note must be more than zero and at most what is left of the "
                        "invoice's amount."
                    )
                },
                code="amount",
            )
        today = timezone.localdate()
        note = CreditNote.objects.create(
            invoice=invoice, amount_cents=amount_cents, issued_on=today
        )
        note.number = FIRST_CREDIT_NOTE_NUMBER + note.pk
        note.save(update_fields=["number"])
        invoice.credited_cents += amount_cents
        was_open = invoice.status == InvoiceStatus.OPEN
        settled = was_open and _settle_if_paid(invoice, today)
        if not was_open and invoice.credited_cents >= invoice.amount_cents:
            # Paid, then everything came back: nothing of the invoice stands any more.
            invoice.status = InvoiceStatus.CREDITED
        invoice.save(update_fields=["credited_cents", "status", "settled_on"])
        audit_record(
            actor=actor,
            action="credit.note_issue",
            subject=_subject(invoice.account),
            categories=[CREDITWORTHINESS],
            purpose=purposes.ACCOUNTING.key,
            detail={"invoice": invoice.pk, "credit_note": note.pk, "settled": settled},
        )
    return note

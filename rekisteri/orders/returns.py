"""Withdrawal from a distance sale (L22, Consumer Protection Act ch. 6): the notice, the
goods coming back and the refund.

The customer may withdraw within 14 days of receiving the goods, counted from the local date
of the delivery. When the last day is a Saturday, Sunday or another day the Act on the
Computation of Statutory Time Limits (150/1930, §5) names, the period runs to the next working
day. A notice may be given once per order: by the customer in My account, by anyone holding
the order email's signed link, or to customer service by phone or letter. The shop refunds
the order's total within 14 days of the notice, the way it was paid: a Paytrail payment is
refunded through Paytrail, an invoice is credited with a credit note.

Each step is audited by ids and codes; the customer gets an acknowledgement of the notice by
email once it is saved.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from rekisteri.access.roles import Role
from rekisteri.accounts.mail import send_on_commit
from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.audit.services import EventSpec, audit_record, audit_record_many
from rekisteri.customers.models import Customer
from rekisteri.orders.models import (
    NoticeChannel,
    Order,
    OrderStatus,
    PaymentMethod,
    RefundMethod,
    Return,
    ReturnStatus,
    Shipment,
)
from rekisteri.orders.pick_list import FieldRef, read_categories
from rekisteri.organisation.selectors import organisation_get
from rekisteri.privacy.datamap import purposes

WITHDRAWAL_DAYS = 14
REFUND_DAYS = 14
RETURN_HANDLERS = frozenset({Role.CUSTOMER_SERVICE})
RETURNS_PER_PAGE = 50
_CATEGORY = "user.behavior.purchase_history"


# The withdrawal period.


def easter_sunday(year: int) -> datetime.date:
    """Easter Sunday of the Gregorian calendar (the anonymous algorithm of 1876)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return datetime.date(year, month, day + 1)


_FIXED_DAYS_OFF = {(1, 1), (1, 6), (5, 1), (12, 6), (12, 24), (12, 25), (12, 26)}


def is_day_off(day: datetime.date) -> bool:
    """A day on which a statutory time limit cannot end (150/1930 §5): Saturdays and Sundays,
    the church holidays on weekdays (New Year's Day, Epiphany, Good Friday, Easter Monday,
    Ascension Day, Christmas and Boxing Day), May Day, Independence Day, Christmas Eve and
    Midsummer Eve. Midsummer Day and All Saints' Day always fall on a Saturday."""
    if day.weekday() >= 5 or (day.month, day.day) in _FIXED_DAYS_OFF:
        return True
    if day.month == 6 and 19 <= day.day <= 25 and day.weekday() == 4:  # Midsummer Eve
        return True
    easter = easter_sunday(day.year)
    return (day - easter).days in {-2, 1, 39}


def withdrawal_deadline(delivered_on: datetime.date) -> datetime.date:
    """The last day a notice of withdrawal may be given for goods received on
    ``delivered_on``."""
    deadline = delivered_on + datetime.timedelta(days=WITHDRAWAL_DAYS)
    while is_day_off(deadline):
        deadline += datetime.timedelta(days=1)
    return deadline


def refund_due(notified_on: datetime.date) -> datetime.date:
    """The last day of the refund: 14 days from the notice."""
    return notified_on + datetime.timedelta(days=REFUND_DAYS)


@dataclass(frozen=True)
class WithdrawalState:
    """Whether a notice of withdrawal can be given for an order on a given day."""

    order: Order
    delivered_on: datetime.date | None
    deadline: datetime.date | None
    existing: Return | None
    problem: str  # a translated explanation; empty when the notice can be given
    code: str

    @property
    def possible(self) -> bool:
        return not self.problem


def withdrawal_state(order: Order, *, today: datetime.date | None = None) -> WithdrawalState:
    """Can ``order`` be withdrawn from on ``today`` (the local date now when left out)?"""
    today = today or timezone.localdate()
    delivered_at = (
        Shipment.objects.filter(order_id=order.pk).values_list("delivered_at", flat=True).first()
    )
    existing = Return.objects.filter(order_id=order.pk).first()
    delivered_on = timezone.localdate(delivered_at) if delivered_at else None
    deadline = withdrawal_deadline(delivered_on) if delivered_on else None

    def state(problem: str = "", code: str = "") -> WithdrawalState:
        return WithdrawalState(order, delivered_on, deadline, existing, problem, code)

    if existing is not None:
        return state(
            _("A notice of withdrawal from this purchase has already been given on %(date)s.")
            % {"date": formats.date_format(existing.notified_on, "DATE_FORMAT")},
            "already_notified",
        )
    if order.status == OrderStatus.RETURNED:
        return state(_("This purchase has already been returned."), "returned")
    if order.status != OrderStatus.DELIVERED or delivered_on is None or deadline is None:
        return state(
            _(
                "The goods of this order have not been delivered yet. The withdrawal period "
                "starts when you receive them; until then, contact customer service."
            ),
            "not_delivered",
        )
    if today < delivered_on:
        return state(_("The notice cannot be dated before the delivery."), "before_delivery")
    if today > deadline:
        return state(
            _(
                "The withdrawal period of this purchase ended on %(date)s, 14 days after the "
                "goods were delivered."
            )
            % {"date": formats.date_format(deadline, "DATE_FORMAT")},
            "period_over",
        )
    return state()


# Finding the order a notice is for.


def order_of_customer(customer: Customer, public_id: UUID | str) -> Order | None:
    """The customer's own order, or None (also when it is someone else's)."""
    return Order.objects.filter(public_id=public_id, customer=customer).first()


def order_by_number(number: int) -> Order | None:
    return Order.objects.filter(number=number).first()


def return_of_order(order: Order) -> Return | None:
    return Return.objects.filter(order_id=order.pk).first()


def _customer_email(order: Order) -> str:
    if order.customer_id is None:
        return ""
    email = Customer.objects.filter(pk=order.customer_id).values_list("email", flat=True).first()
    return email or ""


def acknowledgement_sent_to_customer(order: Order) -> bool:
    """Does the order's customer have an address the acknowledgement of a notice goes to?"""
    return bool(_customer_email(order))


# Writes.


def _require_notifier(actor: Actor, channel: NoticeChannel, subject: str) -> None:
    """Who may give which kind of notice: the customer in My account for their own order;
    a visitor through the order's signed link (the view has checked it); customer service
    for a notice received by phone or letter; a system job for any."""
    if actor.kind == ActorKind.SYSTEM:
        return
    allowed = {
        NoticeChannel.CUSTOMER: actor.kind == ActorKind.CUSTOMER
        and bool(subject)
        and actor.ref == subject,
        NoticeChannel.ORDER_LINK: actor.kind in {ActorKind.PUBLIC, ActorKind.CUSTOMER},
        NoticeChannel.CUSTOMER_SERVICE: actor.kind == ActorKind.STAFF
        and bool(RETURN_HANDLERS & actor.roles),
    }
    if not allowed[channel]:
        raise PermissionDenied(_("You cannot give a notice of withdrawal for this order."))


def _require_handler(actor: Actor) -> None:
    if actor.kind == ActorKind.SYSTEM:
        return
    if actor.kind == ActorKind.STAFF and RETURN_HANDLERS & actor.roles:
        return
    raise PermissionDenied(_("Only customer service may handle returns."))


def return_notify(
    *,
    actor: Actor,
    order: Order,
    channel: NoticeChannel | str,
    today: datetime.date | None = None,
) -> Return:
    """Record the notice of withdrawal from ``order``, given on ``today`` (the local date now
    when left out; customer service gives the day the letter was sent or the call made).

    Allowed once per order, for a delivered order, up to the end of the withdrawal period.
    Raises PermissionDenied or ValidationError (nothing saved). The customer is sent an
    acknowledgement by email after the notice is saved.
    """
    channel = NoticeChannel(channel)
    subject = order.audit_subject()
    _require_notifier(actor, channel, subject)
    if today is not None and today > timezone.localdate():
        raise ValidationError(
            {"notified_on": _("The date of the notice cannot be in the future.")}, code="future"
        )
    with transaction.atomic():
        # The lock serialises two notices for one order (a double click, two browsers).
        locked = Order.objects.select_for_update().get(pk=order.pk)
        state = withdrawal_state(locked, today=today)
        if not state.possible:
            raise ValidationError(state.problem, code=state.code)
        notice = Return.objects.create(
            order=locked,
            status=ReturnStatus.NOTIFIED,
            notice_channel=channel,
            notified_on=today or timezone.localdate(),
        )
        audit_record(
            actor=actor,
            action="orders.return_notify",
            subject=subject,
            categories=[_CATEGORY],
            purpose=purposes.ORDER_DELIVERY.key,
            detail={"return": notice.pk, "order": locked.pk, "channel": channel.value},
        )
        _acknowledge(locked, notice)
    return notice


def _acknowledge(order: Order, notice: Return) -> None:
    """Acknowledge the notice to the customer on a durable medium (Consumer Rights Directive
    2011/83/EU art. 11(3)), when there is an address to send it to."""
    email = _customer_email(order)
    if not email:
        return
    send_on_commit(
        name="withdrawal_received",
        to=email,
        language=order.language or "fi",
        folder="orders/returns/email",
        context={
            "order_number": order.number,
            "notified_on": notice.notified_on,
            "refund_due": refund_due(notice.notified_on),
            "organisation": organisation_get(),
        },
    )


def _locked_return(return_id: int) -> Return:
    """The return and its order, locked (raises Return.DoesNotExist)."""
    return (
        Return.objects.select_for_update(of=("self", "order"))
        .select_related("order")
        .get(pk=return_id)
    )


def return_goods_received(*, actor: Actor, return_id: int, received_on: datetime.date) -> Return:
    """Record the day the returned goods arrived (customer service). A return already
    refunded keeps its status. Raises PermissionDenied or ValidationError."""
    _require_handler(actor)
    if received_on > timezone.localdate():
        raise ValidationError(
            {"received_on": _("The goods cannot have arrived in the future.")}, code="future"
        )
    with transaction.atomic():
        notice = _locked_return(return_id)
        if notice.goods_received_on is not None:
            raise ValidationError(
                _("The goods of this return have already been recorded as received."),
                code="already_received",
            )
        delivered_at = (
            Shipment.objects.filter(order_id=notice.order_id)
            .values_list("delivered_at", flat=True)
            .first()
        )
        if delivered_at and received_on < timezone.localdate(delivered_at):
            raise ValidationError(
                {"received_on": _("The goods cannot have come back before they were delivered.")},
                code="before_delivery",
            )
        notice.goods_received_on = received_on
        fields = ["goods_received_on"]
        if notice.status == ReturnStatus.NOTIFIED:
            notice.status = ReturnStatus.RECEIVED
            fields.append("status")
        notice.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="orders.return_receive",
            subject=notice.order.audit_subject(),
            categories=[_CATEGORY],
            purpose=purposes.ORDER_DELIVERY.key,
            detail={"return": notice.pk, "order": notice.order_id},
        )
    return notice


class RefundFailed(ValidationError):
    """The payment service did not refund; the return stays unrefunded."""


def return_refund(*, actor: Actor, return_id: int) -> Return:
    """Refund the order's total the way it was paid, and mark the return refunded and the
    order returned (customer service).

    The shop may refund before the goods are back. A Paytrail payment is refunded through
    ``rekisteri.payments.services.payment_refund``; when that fails, the failed attempt is
    audited, nothing else changes and ``RefundFailed`` (a ValidationError with the payment
    service's translated message) is raised. An invoice is credited with
    ``rekisteri.credit.services.credit_note_issue``. Raises PermissionDenied or
    ValidationError.
    """
    _require_handler(actor)
    failure: Exception | None = None
    with transaction.atomic():
        # Held while the payment service is asked, so that two clicks cannot refund twice.
        notice = _locked_return(return_id)
        order = notice.order
        if notice.status == ReturnStatus.REFUNDED:
            raise ValidationError(_("This return has already been refunded."), code="refunded")
        if order.status != OrderStatus.DELIVERED:
            raise ValidationError(
                _("The order is not in a state that can be refunded."), code="order_state"
            )
        amount = order.total_cents
        subject = order.audit_subject()
        # No amount: what a person paid is their financial data and stays out of the log.
        detail: dict[str, Any] = {"return": notice.pk, "order": order.pk}
        if order.payment_method == PaymentMethod.PAYTRAIL:
            # Imported here: the payments app imports the orders app's models.
            from rekisteri.payments.services import PaymentRefundError, payment_refund

            method = RefundMethod.PAYMENT_REFUND
            try:
                payment_refund(actor=actor, order=order, amount_cents=amount)
            except PaymentRefundError as error:
                failure = error
        elif order.payment_method == PaymentMethod.INVOICE:
            from rekisteri.credit.services import credit_note_issue

            method = RefundMethod.CREDIT_NOTE
            credit_note_issue(actor=actor, order=order, amount_cents=amount)
        else:  # pragma: no cover - every payment method is handled above
            raise ValueError(f"no refund for payment method {order.payment_method!r}")
        detail["method"] = method.value
        if failure is not None:
            # Committed: the failed attempt stays on the record, the return stays open.
            audit_record(
                actor=actor,
                action="orders.return_refund_failed",
                subject=subject,
                categories=[_CATEGORY],
                purpose=purposes.ORDER_DELIVERY.key,
                detail=detail,
            )
        else:
            notice.status = ReturnStatus.REFUNDED
            notice.refunded_on = timezone.localdate()
            notice.refund_method = method
            notice.refund_cents = amount
            notice.save(update_fields=["status", "refunded_on", "refund_method", "refund_cents"])
            order.status = OrderStatus.RETURNED
            order.save(update_fields=["status"])
            audit_record(
                actor=actor,
                action="orders.return_refund",
                subject=subject,
                categories=[_CATEGORY],
                purpose=purposes.ORDER_DELIVERY.key,
                detail=detail,
            )
    if failure is not None:
        raise RefundFailed(str(failure), code="refund_failed") from failure
    return notice


# Customer service's list of returns.

_RETURN_FIELDS = (
    "status",
    "notice_channel",
    "notified_on",
    "goods_received_on",
    "refunded_on",
    "refund_method",
    "refund_cents",
)
RETURN_LIST_FIELDS: tuple[FieldRef, ...] = (
    *((Return, name) for name in _RETURN_FIELDS),
    (Order, "number"),
    (Order, "payment_method"),
    (Order, "total_cents"),
)


@dataclass(frozen=True)
class ReturnRow:
    return_id: int
    order_number: int | None
    status: ReturnStatus
    notice_channel: NoticeChannel
    notified_on: datetime.date
    refund_due: datetime.date
    goods_received_on: datetime.date | None
    refunded_on: datetime.date | None
    refund_method: RefundMethod | None
    refund_cents: int | None
    payment_method: PaymentMethod
    total_cents: int

    @property
    def refunded(self) -> bool:
        return self.status == ReturnStatus.REFUNDED

    @property
    def refund_overdue(self) -> bool:
        return not self.refunded and timezone.localdate() > self.refund_due


def return_page_read(*, actor: Actor, page_number: Any = 1) -> tuple[Page[Any], list[ReturnRow]]:
    """One page of returns for customer service: open ones first, oldest notice first; then
    the refunded ones, newest first. Each row shown is audited under its customer."""
    categories = read_categories(actor, RETURN_LIST_FIELDS, roles=RETURN_HANDLERS)
    refunded = Q(status=ReturnStatus.REFUNDED)
    queryset = (
        Return.objects.alias(
            done=Case(When(refunded, then=Value(1)), default=Value(0), output_field=IntegerField()),
            open_since=Case(When(~refunded, then=F("notified_on")), default=None),
        )
        .order_by("done", F("open_since").asc(nulls_last=True), "-notified_on", "-pk")
        .values(
            "pk",
            *_RETURN_FIELDS,
            "order_id",
            "order__number",
            "order__payment_method",
            "order__total_cents",
            "order__customer__public_id",
        )
    )
    with transaction.atomic():
        page = Paginator(queryset, RETURNS_PER_PAGE).get_page(page_number)
        values = list(page.object_list)
        rows = [
            ReturnRow(
                return_id=row["pk"],
                order_number=row["order__number"],
                status=ReturnStatus(row["status"]),
                notice_channel=NoticeChannel(row["notice_channel"]),
                notified_on=row["notified_on"],
                refund_due=refund_due(row["notified_on"]),
                goods_received_on=row["goods_received_on"],
                refunded_on=row["refunded_on"],
                refund_method=RefundMethod(row["refund_method"]) if row["refund_method"] else None,
                refund_cents=row["refund_cents"],
                payment_method=PaymentMethod(row["order__payment_method"]),
                total_cents=row["order__total_cents"],
            )
            for row in values
        ]
        audit_record_many(
            actor=actor,
            events=[
                EventSpec(
                    action="orders.returns.read",
                    subject=str(row["order__customer__public_id"] or ""),
                    categories=categories,
                    purpose=purposes.ORDER_DELIVERY.key,
                    detail={"return": row["pk"], "order": row["order_id"]},
                )
                for row in values
            ],
        )
    return page, rows

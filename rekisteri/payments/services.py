"""Paying orders through Paytrail (seed S15).

Paytrail gets exactly what S15 allows of the payer: email, first and last name and phone,
with the delivery address and the order's items, and nothing else. Each payment creation is
written to the disclosure log (to whom, which categories, when, why).

Paytrail's word reaches us three ways: the browser's return, the server-to-server callback,
and our own question (``payments_reconcile``). All three go through ``_apply_status``, which
is idempotent, so any of them may come first, twice or not at all. A return or callback whose
signature, account, stamp, transaction or amount does not match changes nothing and is
recorded as a security event.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rekisteri.audit.actors import Actor
from rekisteri.audit.services import audit_record
from rekisteri.orders.models import Order, OrderStatus
from rekisteri.orders.services import order_cancel, order_mark_paid
from rekisteri.payments.datamap import PAYER_CATEGORIES, PAYTRAIL
from rekisteri.payments.models import Payment, PaymentStatus, Refund, RefundStatus
from rekisteri.payments.paytrail.callback import parse_callback
from rekisteri.payments.paytrail.client import PaytrailClient, PaytrailConfig
from rekisteri.payments.paytrail.errors import PaytrailError, PaytrailSignatureError
from rekisteri.privacy.datamap import purposes
from rekisteri.privacy.models import Disclosure

# The customer fields S15 lets us pass on; a test holds the request body to exactly these.
CUSTOMER_FIELDS = ("email", "firstName", "lastName", "phone")
# Paytrail's own field limits.
_NAME_MAX = 50

_OPEN_STATUSES = {
    PaymentStatus.NOT_STARTED,
    PaymentStatus.NEW,
    PaymentStatus.PENDING,
    PaymentStatus.DELAYED,
}


class PaymentRejected(Exception):
    """A return or callback that must change nothing. The text names the check that failed,
    never a value from the request."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class PaymentRefundError(Exception):
    """A refund that could not be made; the message is translated and safe to show."""


def _paytrail_client() -> PaytrailClient:
    return PaytrailClient(PaytrailConfig.from_settings())


def _site_url(name: str) -> str:
    return str(settings.REKISTERI_SITE_URL).rstrip("/") + reverse(name)


def _request_body(order: Order, payment: Payment) -> dict[str, Any]:
    """The body of ``POST /payments``: the order, its items, the delivery address and the
    payer's S15 fields."""
    customer = order.customer
    assert customer is not None
    payer: dict[str, Any] = {
        "email": customer.email,
        "firstName": order.delivery_first_name[:_NAME_MAX],
        "lastName": order.delivery_last_name[:_NAME_MAX],
    }
    if order.delivery_phone:
        payer["phone"] = order.delivery_phone
    address = {
        "streetAddress": order.delivery_street_address,
        "postalCode": order.delivery_postal_code,
        "city": order.delivery_city,
        "country": order.delivery_country,
    }
    language = (order.language or "fi").upper()
    return {
        "stamp": payment.stamp,
        "reference": order.payment_reference,
        "amount": payment.amount_cents,
        "currency": "EUR",
        "language": language if language in {"FI", "SV", "EN"} else "FI",
        "items": [
            {
                "unitPrice": line.unit_price_cents,
                "units": line.quantity,
                "vatPercentage": line.vat_rate,
                "productCode": line.product_code,
            }
            for line in order.lines.all()
        ],
        "customer": payer,
        "deliveryAddress": address,
        "invoicingAddress": address,
        "redirectUrls": {
            "success": _site_url("payments:return_success"),
            "cancel": _site_url("payments:return_cancel"),
        },
        "callbackUrls": {
            "success": _site_url("payments:callback_success"),
            "cancel": _site_url("payments:callback_cancel"),
        },
    }


def _disclosed_categories(body: Mapping[str, Any]) -> list[str]:
    given = {
        "email": "user.contact.email",
        "firstName": "user.name.first",
        "lastName": "user.name.last",
        "phone": "user.contact.phone_number",
    }
    categories = [given[key] for key in body["customer"] if key in given]
    return [
        *categories,
        *(c for c in PAYER_CATEGORIES if c.startswith("user.contact.address")),
        "user.behavior.purchase_history",
    ]


def payment_start(*, actor: Actor, order: Order) -> Payment:
    """Ask Paytrail for a payment of the order. On success the payment has ``href``, the
    hosted payment page; when Paytrail cannot be reached or refuses, the payment stays
    NOT_STARTED, the order stays awaiting payment and the customer may try again."""
    if order.status != OrderStatus.AWAITING_PAYMENT:
        raise ValueError("only an order awaiting payment can be paid")
    payment = Payment.objects.create(order=order, amount_cents=order.total_cents)
    body = _request_body(order, payment)
    categories = _disclosed_categories(body)
    try:
        created = _paytrail_client().create_payment(body)
    except PaytrailError as error:
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="payment.create_failed",
                subject=order.audit_subject(),
                purpose=purposes.PAYMENT.key,
                detail={"payment": payment.pk, "error": type(error).__name__},
            )
        return payment
    now = timezone.now()
    with transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(
            status=PaymentStatus.NEW,
            transaction_id=created.transaction_id,
            href=created.href,
        )
        assert order.customer is not None
        Disclosure.objects.create(
            customer=order.customer,
            recipient=PAYTRAIL.name,
            recipient_country=PAYTRAIL.country,
            categories=categories,
            purpose=purposes.PAYMENT.key,
            legal_basis=str(purposes.PAYMENT.basis),
            disclosed_at=now,
        )
        audit_record(
            actor=actor,
            action="payment.create",
            subject=order.audit_subject(),
            categories=categories,
            purpose=purposes.PAYMENT.key,
            detail={"payment": payment.pk, "recipient": PAYTRAIL.key},
        )
    payment.refresh_from_db()
    return payment


@dataclass(frozen=True)
class PaymentOutcome:
    payment: Payment
    order: Order
    status: str


def payment_confirm(*, actor: Actor, params: Mapping[str, str]) -> PaymentOutcome:
    """Handle a browser return or a server callback. Raises PaymentRejected (after
    recording a security event) when anything in it does not hold."""
    try:
        callback = parse_callback(
            params,
            secret=str(settings.PAYTRAIL_SECRET_KEY),
            merchant_id=str(settings.PAYTRAIL_MERCHANT_ID),
        )
    except PaytrailSignatureError:
        _reject(actor, "signature")
    payment = Payment.objects.select_related("order").filter(stamp=callback.stamp).first()
    if payment is None:
        _reject(actor, "stamp")
    if payment.transaction_id and payment.transaction_id != callback.transaction_id:
        _reject(actor, "transaction")
    if callback.amount != payment.amount_cents:
        _reject(actor, "amount")
    if callback.reference != payment.order.payment_reference:
        _reject(actor, "reference")
    _apply_status(actor, payment, callback.status, callback.provider, paid_at=None)
    payment.refresh_from_db()
    payment.order.refresh_from_db()
    return PaymentOutcome(payment=payment, order=payment.order, status=payment.status)


def _reject(actor: Actor, code: str) -> NoReturn:
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="security.payment_return_rejected",
            purpose=purposes.SECURITY.key,
            detail={"check": code},
        )
    raise PaymentRejected(code)


def _apply_status(
    actor: Actor,
    payment: Payment,
    status: str,
    provider: str | None,
    *,
    paid_at: datetime.datetime | None,
) -> None:
    """Move the payment (and its order) to what Paytrail says. A final status is never
    undone: a repeated or late message about a paid payment changes nothing."""
    known = {PaymentStatus.OK, PaymentStatus.FAIL, PaymentStatus.PENDING, PaymentStatus.DELAYED}
    if status not in known:
        return
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.status not in _OPEN_STATUSES or locked.status == status:
            return
        locked.status = status
        if provider:
            locked.provider = provider[:50]
        if status == PaymentStatus.OK:
            locked.paid_at = paid_at or timezone.now()
        locked.save(update_fields=["status", "provider", "paid_at", "updated_at"])
        audit_record(
            actor=actor,
            action="payment.status",
            subject=payment.order.audit_subject(),
            purpose=purposes.PAYMENT.key,
            detail={"payment": locked.pk, "status": status},
        )
        if status == PaymentStatus.OK:
            assert locked.paid_at is not None
            order_mark_paid(actor=actor, order_id=payment.order_id, paid_at=locked.paid_at)


@dataclass
class ReconcileReport:
    asked: int = 0
    changed: int = 0
    unreachable: int = 0
    cancelled: int = 0


def payments_reconcile(
    *, actor: Actor, older_than: datetime.timedelta, expire_after: datetime.timedelta
) -> ReconcileReport:
    """Ask Paytrail about payments still open after ``older_than`` (their callback never
    came), and cancel orders still unpaid after ``expire_after``, giving their stock back."""
    report = ReconcileReport()
    now = timezone.now()
    open_payments = Payment.objects.filter(
        status__in=[PaymentStatus.NEW, PaymentStatus.PENDING, PaymentStatus.DELAYED],
        created_at__lt=now - older_than,
    ).select_related("order")
    client = _paytrail_client()
    for payment in open_payments.iterator(chunk_size=200):
        report.asked += 1
        try:
            info = client.get_payment(payment.transaction_id)
        except PaytrailError:
            report.unreachable += 1
            continue
        if info.stamp != payment.stamp or info.amount != payment.amount_cents:
            _reject_quietly(actor, "reconcile_mismatch")
            continue
        before = payment.status
        _apply_status(actor, payment, info.status, info.provider, paid_at=info.paid_at)
        payment.refresh_from_db()
        report.changed += int(payment.status != before)
    stale = Order.objects.filter(
        status=OrderStatus.AWAITING_PAYMENT, placed_at__lt=now - expire_after
    ).exclude(payments__status__in=[PaymentStatus.OK, PaymentStatus.PENDING])
    for order_id in stale.values_list("pk", flat=True):
        report.cancelled += int(order_cancel(actor=actor, order_id=order_id))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="payment.reconcile",
            purpose=purposes.PAYMENT.key,
            detail={
                "asked": report.asked,
                "changed": report.changed,
                "unreachable": report.unreachable,
                "cancelled": report.cancelled,
            },
        )
    return report


def _reject_quietly(actor: Actor, code: str) -> None:
    with contextlib.suppress(PaymentRejected):
        _reject(actor, code)


def payment_refund(*, actor: Actor, order: Order, amount_cents: int) -> Refund:
    """Refund ``amount_cents`` of the order's paid payment through Paytrail's refund call.
    Raises PaymentRefundError (nothing recorded as refunded) when it cannot be done."""
    payment = order.payments.filter(status=PaymentStatus.OK).first()
    if payment is None:
        raise PaymentRefundError(_("The order has no completed payment to refund."))
    refunded = sum(
        payment.refunds.exclude(status=RefundStatus.FAIL).values_list("amount_cents", flat=True)
    )
    if not 0 < amount_cents <= payment.amount_cents - refunded:
        raise PaymentRefundError(_("The refund is larger than what is left of the payment."))
    refund = Refund(payment=payment, amount_cents=amount_cents, status=RefundStatus.PENDING)
    body = {
        "amount": amount_cents,
        "refundStamp": refund.refund_stamp,
        "refundReference": order.payment_reference,
        "callbackUrls": {
            "success": _site_url("payments:refund_callback"),
            "cancel": _site_url("payments:refund_callback"),
        },
    }
    try:
        result = _paytrail_client().refund(payment.transaction_id, body)
    except PaytrailError:
        raise PaymentRefundError(
            _("Paytrail could not make the refund now. Try again later.")
        ) from None
    if result.status == RefundStatus.FAIL:
        raise PaymentRefundError(_("Paytrail refused the refund."))
    with transaction.atomic():
        refund.transaction_id = result.transaction_id
        refund.status = (
            RefundStatus.OK if result.status == RefundStatus.OK else RefundStatus.PENDING
        )
        refund.save()
        audit_record(
            actor=actor,
            action="payment.refund",
            subject=order.audit_subject(),
            purpose=purposes.PAYMENT.key,
            detail={"payment": payment.pk, "refund": refund.pk, "status": refund.status},
        )
    return refund


# Shown to the customer when Paytrail could not be reached at checkout.
PAYMENT_UNAVAILABLE = gettext_lazy(
    "The payment service could not be reached. Your order is saved and waits for payment: "
    "try again in a moment."
)

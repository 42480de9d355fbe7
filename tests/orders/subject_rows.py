"""Rows of a person in the orders sub-register (orders, lines, shipments, returns, payments,
refunds), every mapped field filled, for the access-package and erasure tests
(``tests/privacy/subject_factories.py`` collects them)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone

from rekisteri.customers.models import Customer
from rekisteri.orders.models import (
    NoticeChannel,
    Order,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    RefundMethod,
    Return,
    ReturnStatus,
    Shipment,
    ShipmentStatus,
)
from rekisteri.payments.models import Payment, PaymentStatus, Refund, RefundStatus


def _order(customer: Customer) -> Order:
    now = timezone.now()
    order = Order.objects.create(
        customer=customer,
        status=OrderStatus.DELIVERED,
        payment_method=PaymentMethod.PAYTRAIL,
        payment_reference="1009",
        language=customer.preferred_language,
        total_cents=1590,
        vat_cents=323,
        placed_at=now - datetime.timedelta(days=20),
        paid_at=now - datetime.timedelta(days=20),
        cancelled_at=now - datetime.timedelta(days=19),
        delivery_first_name=customer.first_name,
        delivery_last_name=customer.last_name,
        delivery_street_address=customer.street_address,
        delivery_postal_code=customer.postal_code,
        delivery_city=customer.city,
        delivery_country=customer.country,
        delivery_phone=customer.phone,
    )
    Order.objects.filter(pk=order.pk).update(number=100 + order.pk)
    order.refresh_from_db()
    return order


def order_rows(customer: Customer) -> list[models.Model]:
    return [_order(customer)]


def line_rows(customer: Customer) -> list[models.Model]:
    return [
        OrderLine.objects.create(
            order=_order(customer),
            product_code="foliopallo-sydan",
            product_name="Foliopallo Sydän",
            unit_price_cents=795,
            vat_rate=Decimal("25.5"),
            quantity=2,
        )
    ]


def shipment_rows(customer: Customer) -> list[models.Model]:
    now = timezone.now()
    return [
        Shipment.objects.create(
            order=_order(customer),
            status=ShipmentStatus.DELIVERED,
            carrier="Posti",
            tracking_code="JJFI64123450000012345",
            created_at=now - datetime.timedelta(days=19),
            shipped_at=now - datetime.timedelta(days=18),
            delivered_at=now - datetime.timedelta(days=16),
        )
    ]


def return_rows(customer: Customer) -> list[models.Model]:
    today = timezone.localdate()
    return [
        Return.objects.create(
            order=_order(customer),
            status=ReturnStatus.REFUNDED,
            notice_channel=NoticeChannel.CUSTOMER,
            notified_on=today - datetime.timedelta(days=10),
            goods_received_on=today - datetime.timedelta(days=7),
            refunded_on=today - datetime.timedelta(days=6),
            refund_method=RefundMethod.PAYMENT_REFUND,
            refund_cents=1590,
        )
    ]


def _payment(customer: Customer) -> Payment:
    now = timezone.now()
    return Payment.objects.create(
        order=_order(customer),
        transaction_id="5770642a-9a02-4ca2-8eaa-cc6260a78eb6",
        amount_cents=1590,
        status=PaymentStatus.OK,
        provider="osuuspankki",
        created_at=now - datetime.timedelta(days=20),
        paid_at=now - datetime.timedelta(days=20),
    )


def payment_rows(customer: Customer) -> list[models.Model]:
    return [_payment(customer)]


def refund_rows(customer: Customer) -> list[models.Model]:
    return [
        Refund.objects.create(
            payment=_payment(customer),
            transaction_id="b5a6b2a4-1b39-4a4d-8f57-5d1b6a3b1c11",
            amount_cents=1590,
            status=RefundStatus.OK,
        )
    ]


# Model label → factory, in the form the privacy tests' registry takes.
SUBJECT_FACTORIES = {
    "orders.Order": order_rows,
    "orders.OrderLine": line_rows,
    "orders.Shipment": shipment_rows,
    "orders.Return": return_rows,
    "payments.Payment": payment_rows,
    "payments.Refund": refund_rows,
}

"""Reconciling payments whose callback never came, and refunds, through the simulator."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.customers.models import Channel
from rekisteri.customers.services import customer_create
from rekisteri.orders.models import Order, OrderStatus, PaymentMethod
from rekisteri.orders.services import CartLine, Delivery, order_place
from rekisteri.payments.models import Payment, PaymentStatus, RefundStatus
from rekisteri.payments.services import (
    PaymentRefundError,
    payment_refund,
    payment_start,
    payments_reconcile,
)
from rekisteri.shop.models import Category, Product

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")


@pytest.fixture
def order() -> Order:
    category = Category.objects.create(name="Pallot", slug="pallot")
    product = Product.objects.create(
        category=category,
        name="Kultapallo",
        slug="kultapallo",
        price_cents=1590,
        vat_rate=Decimal("25.5"),
        stock=10,
    )
    customer = customer_create(
        actor=SYSTEM, channel=Channel.CHECKOUT, email="maksaja@example.fi", first_name="Maija"
    )
    return order_place(
        actor=SYSTEM,
        customer=customer,
        lines=[CartLine(product.pk, 2)],
        delivery=Delivery("Maija", "Maksaja", "Tie 1", "00100", "Helsinki", "FI"),
        payment_method=PaymentMethod.PAYTRAIL,
        language="fi",
    )


def _age(payment: Payment, minutes: int) -> None:
    Payment.objects.filter(pk=payment.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )


def test_reconcile_finds_a_payment_whose_callback_never_came(order, paytrail_simulator):
    paytrail_simulator.faults.drop_callbacks = True
    payment = payment_start(actor=SYSTEM, order=order)
    paytrail_simulator.pay(payment.transaction_id)
    _age(payment, 30)
    out = io.StringIO()
    call_command("payments_reconcile", stdout=out)
    assert "1" in out.getvalue()
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == PaymentStatus.OK
    assert order.status == OrderStatus.PAID
    # A second run changes nothing.
    report = payments_reconcile(
        actor=SYSTEM,
        older_than=datetime.timedelta(0),
        expire_after=datetime.timedelta(hours=24),
    )
    assert report.changed == 0
    assert AuditEvent.objects.filter(action="order.paid").count() == 1


def test_reconcile_leaves_young_payments_alone_and_survives_an_outage(
    order, paytrail_simulator, settings
):
    payment = payment_start(actor=SYSTEM, order=order)
    report = payments_reconcile(
        actor=SYSTEM,
        older_than=datetime.timedelta(minutes=15),
        expire_after=datetime.timedelta(hours=24),
    )
    assert report.asked == 0
    _age(payment, 30)
    settings.PAYTRAIL_TIMEOUT = 0.5
    paytrail_simulator.faults.get = "error"
    report = payments_reconcile(
        actor=SYSTEM,
        older_than=datetime.timedelta(minutes=15),
        expire_after=datetime.timedelta(hours=24),
    )
    assert report.unreachable == 1
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.NEW


def test_unpaid_orders_are_cancelled_after_the_expiry_and_give_stock_back(
    order, paytrail_simulator
):
    payment_start(actor=SYSTEM, order=order)
    Order.objects.filter(pk=order.pk).update(
        placed_at=timezone.now() - datetime.timedelta(hours=30)
    )
    report = payments_reconcile(
        actor=SYSTEM,
        older_than=datetime.timedelta(minutes=15),
        expire_after=datetime.timedelta(hours=24),
    )
    assert report.cancelled == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert Product.objects.get().stock == 10


def test_a_refund_goes_through_the_refund_call(order, paytrail_simulator):
    payment = payment_start(actor=SYSTEM, order=order)
    paytrail_simulator.faults.drop_callbacks = True
    paytrail_simulator.pay(payment.transaction_id)
    _age(payment, 30)
    payments_reconcile(
        actor=SYSTEM, older_than=datetime.timedelta(0), expire_after=datetime.timedelta(hours=1)
    )
    refund = payment_refund(actor=SYSTEM, order=order, amount_cents=3180)
    assert refund.status == RefundStatus.OK
    assert refund.transaction_id
    (sent,) = [r for r in paytrail_simulator.store.requests if r.path.endswith("/refund")]
    assert sent.body["amount"] == 3180
    with pytest.raises(PaymentRefundError):
        payment_refund(actor=SYSTEM, order=order, amount_cents=1)


def test_an_unpaid_order_cannot_be_refunded(order, paytrail_simulator):
    payment_start(actor=SYSTEM, order=order)
    with pytest.raises(PaymentRefundError):
        payment_refund(actor=SYSTEM, order=order, amount_cents=100)


def test_bad_command_arguments_are_refused() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("payments_reconcile", "--expire-hours", "0")

"""Refunding a withdrawn purchase the way it was paid: a Paytrail payment through Paytrail's
refund call (the simulator, over real HTTP), an invoice with a credit note. A failed refund
leaves the return open and is on the record."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.credit.models import CreditNote, Invoice
from rekisteri.credit.services import credit_limit_set
from rekisteri.customers.models import Channel
from rekisteri.customers.services import customer_create
from rekisteri.orders.deliveries import shipment_mark_delivered, shipment_mark_shipped
from rekisteri.orders.models import (
    NoticeChannel,
    Order,
    OrderStatus,
    PaymentMethod,
    RefundMethod,
    Return,
    ReturnStatus,
)
from rekisteri.orders.returns import RefundFailed, return_notify, return_refund
from rekisteri.orders.services import CartLine, Delivery, order_place
from rekisteri.payments.models import Payment, PaymentStatus, Refund, RefundStatus
from rekisteri.payments.services import payment_start, payments_reconcile
from rekisteri.shop.models import Category, Product
from tests.fixtures.staff import sign_in_staff

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _placed(payment_method: PaymentMethod) -> Order:
    category = Category.objects.create(name="Pallot", slug=f"pallot-{payment_method}")
    product = Product.objects.create(
        category=category,
        name="Kultapallo",
        slug=f"kultapallo-{payment_method}",
        price_cents=1590,
        vat_rate=Decimal("25.5"),
        stock=10,
    )
    customer = customer_create(
        actor=SYSTEM, channel=Channel.CHECKOUT, email="maksaja@example.fi", first_name="Maija"
    )
    if payment_method == PaymentMethod.INVOICE:
        credit_limit_set(actor=SYSTEM, customer=customer, limit_cents=100_000)
    return order_place(
        actor=SYSTEM,
        customer=customer,
        lines=[CartLine(product.pk, 2)],
        delivery=Delivery("Maija", "Maksaja", "Tie 1", "00100", "Helsinki", "FI"),
        payment_method=payment_method,
        language="fi",
    )


def _deliver_and_withdraw(order: Order) -> Return:
    """Ship and deliver the order, then give the notice through its link."""
    order.refresh_from_db()
    assert order.awaits_shipping
    shipment_mark_shipped(
        actor=SYSTEM, shipment_id=order.shipment.pk, carrier="Posti", tracking_code="JJFI1"
    )
    shipment_mark_delivered(actor=SYSTEM, shipment_id=order.shipment.pk)
    order.refresh_from_db()
    return return_notify(actor=Actor.public(), order=order, channel=NoticeChannel.ORDER_LINK)


@pytest.fixture
def paid_order(paytrail_simulator) -> Order:
    """A Paytrail order paid in the simulator (found by reconciling: no callback needed)."""
    order = _placed(PaymentMethod.PAYTRAIL)
    paytrail_simulator.faults.drop_callbacks = True
    payment = payment_start(actor=SYSTEM, order=order)
    paytrail_simulator.pay(payment.transaction_id)
    Payment.objects.filter(pk=payment.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=30)
    )
    payments_reconcile(
        actor=SYSTEM, older_than=datetime.timedelta(0), expire_after=datetime.timedelta(hours=1)
    )
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.OK
    return order


@pytest.fixture
def customer_service(make_staff) -> Actor:
    return Actor.for_staff(make_staff(Role.CUSTOMER_SERVICE))


def test_a_paytrail_purchase_is_refunded_through_paytrail(
    paid_order: Order, paytrail_simulator, customer_service: Actor
) -> None:
    notice = _deliver_and_withdraw(paid_order)

    refunded = return_refund(actor=customer_service, return_id=notice.pk)

    assert refunded.status == ReturnStatus.REFUNDED
    assert refunded.refund_method == RefundMethod.PAYMENT_REFUND
    assert refunded.refund_cents == paid_order.total_cents == 3180
    assert refunded.refunded_on == timezone.localdate()
    assert Order.objects.get(pk=paid_order.pk).status == OrderStatus.RETURNED
    (sent,) = [r for r in paytrail_simulator.store.requests if r.path.endswith("/refund")]
    assert sent.body["amount"] == 3180
    assert Refund.objects.get().status == RefundStatus.OK
    event = AuditEvent.objects.get(action="orders.return_refund")
    assert event.detail == {
        "return": notice.pk,
        "order": paid_order.pk,
        "method": "payment_refund",
    }


def test_a_failed_paytrail_refund_leaves_the_return_open(
    paid_order: Order, paytrail_simulator, customer_service: Actor
) -> None:
    notice = _deliver_and_withdraw(paid_order)
    paytrail_simulator.faults.refund = "error"

    with translation.override("en"), pytest.raises(RefundFailed) as caught:
        return_refund(actor=customer_service, return_id=notice.pk)

    assert caught.value.code == "refund_failed"
    assert caught.value.messages == ["Paytrail could not make the refund now. Try again later."]
    notice.refresh_from_db()
    assert (notice.status, notice.refunded_on, notice.refund_cents) == (
        ReturnStatus.NOTIFIED,
        None,
        None,
    )
    assert Order.objects.get(pk=paid_order.pk).status == OrderStatus.DELIVERED
    assert not Refund.objects.exists()
    assert AuditEvent.objects.filter(action="orders.return_refund_failed").count() == 1
    assert not AuditEvent.objects.filter(action="orders.return_refund").exists()

    # Once Paytrail answers again, the same button works.
    paytrail_simulator.faults.refund = None
    assert return_refund(actor=customer_service, return_id=notice.pk).refund_cents == 3180


def test_an_invoice_purchase_is_credited(customer_service: Actor) -> None:
    order = _placed(PaymentMethod.INVOICE)
    notice = _deliver_and_withdraw(order)

    refunded = return_refund(actor=customer_service, return_id=notice.pk)

    assert refunded.status == ReturnStatus.REFUNDED
    assert refunded.refund_method == RefundMethod.CREDIT_NOTE
    assert refunded.refund_cents == order.total_cents
    note = CreditNote.objects.get()
    assert note.amount_cents == order.total_cents
    assert Invoice.objects.get(order=order).credited_cents == order.total_cents
    assert Order.objects.get(pk=order.pk).status == OrderStatus.RETURNED
    assert AuditEvent.objects.get(action="orders.return_refund").detail["method"] == "credit_note"


def test_refunding_from_the_returns_page(
    client: Client, make_staff, paid_order: Order, paytrail_simulator
) -> None:
    notice = _deliver_and_withdraw(paid_order)
    sign_in_staff(client, make_staff(Role.CUSTOMER_SERVICE))
    url = reverse("staff:orders_return_refund", args=[notice.pk])

    paytrail_simulator.faults.refund = "error"
    failed = client.post(url, **EN)
    paytrail_simulator.faults.refund = None
    done = client.post(url, **EN)
    following = client.get(done["Location"], **EN)
    again = client.post(url, **EN)

    assert failed.status_code == 400
    assert "Paytrail could not make the refund now. Try again later." in failed.content.decode()
    assert done.status_code == 303
    assert f"Order {paid_order.number} has been refunded." in following.content.decode()
    assert again.status_code == 400
    assert "This return has already been refunded." in again.content.decode()
    assert Refund.objects.filter(status=RefundStatus.OK).count() == 1

"""Buying on invoice at the checkout: only signed-in customers with room on their credit
account and no payment default; every credit check is logged, a refusal too."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.urls import reverse

from rekisteri.credit.models import CheckOutcome, CreditCheck, Invoice
from rekisteri.credit.services import credit_limit_set
from rekisteri.orders.models import Order, OrderStatus, ShipmentStatus
from rekisteri.shop.models import Product
from tests.credit.conftest import SYSTEM, make_registered_customer

pytestmark = pytest.mark.django_db

DELIVERY = {
    "first_name": "Ilmari",
    "last_name": "Pallonen",
    "street_address": "Kumikuja 13 B 7",
    "postal_code": "33100",
    "city": "Tampere",
    "country": "FI",
    "phone": "",
}


@pytest.fixture
def product(make_product: Callable[..., Product]) -> Product:
    return make_product(price_cents=2000, stock=10)


def _signed_in(client, limit_cents: int | None):
    customer = make_registered_customer()
    if limit_cents is not None:
        credit_limit_set(actor=SYSTEM, customer=customer, limit_cents=limit_cents)
    client.force_login(customer.user)
    return customer


def _buy(client, product: Product, quantity: int, method: str = "invoice"):
    client.post(reverse("shop:cart_add"), {"product": product.pk, "quantity": quantity})
    return client.post(reverse("shop:checkout"), {**DELIVERY, "payment_method": method})


def test_an_invoice_purchase_within_the_limit_ships_at_once(
    client, product, django_capture_on_commit_callbacks
):
    customer = _signed_in(client, limit_cents=10_000)
    page = client.get(reverse("shop:cart"))  # the cart is empty: nothing to check out yet
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = _buy(client, product, 2)
    assert response.status_code == 303
    order = Order.objects.get()
    assert order.customer == customer
    assert order.status == OrderStatus.INVOICED
    assert order.shipment.status == ShipmentStatus.WAITING
    invoice = Invoice.objects.get(order=order)
    assert invoice.amount_cents == 4000
    assert invoice.reference == order.payment_reference
    check = CreditCheck.objects.get()
    assert check.outcome == CheckOutcome.ALLOWED
    assert len(mail.outbox) == 1


def test_the_invoice_option_is_offered_only_to_credit_account_holders(client, product):
    _signed_in(client, limit_cents=None)
    client.post(reverse("shop:cart_add"), {"product": product.pk, "quantity": 1})
    page = client.get(reverse("shop:checkout")).content.decode()
    assert 'value="invoice"' not in page


def test_over_the_limit_is_refused_and_the_refusal_is_logged(client, product, settings):
    _signed_in(client, limit_cents=3000)
    response = _buy(client, product, 2)
    assert response.status_code == 400
    assert not Order.objects.exists()
    assert not Invoice.objects.exists()
    check = CreditCheck.objects.get()
    assert check.outcome != CheckOutcome.ALLOWED
    product.refresh_from_db()
    assert product.stock == 10


def test_a_guest_cannot_buy_on_invoice(client, product):
    response = _buy(client, product, 1)
    assert response.status_code == 400
    assert not Order.objects.exists()

"""The order history in My account and the order page: each person sees only their own."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from rekisteri.audit.actors import Actor
from rekisteri.customers.models import Channel, Customer
from rekisteri.customers.services import customer_create
from rekisteri.orders.links import order_page_path, order_token
from rekisteri.orders.models import Order, PaymentMethod
from rekisteri.orders.services import CartLine, Delivery, order_place
from rekisteri.shop.models import Category, Product

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")


def _customer_with_account(django_user_model, email: str) -> Customer:
    customer = customer_create(actor=SYSTEM, channel=Channel.REGISTRATION, email=email)
    customer.user = django_user_model.objects.create_user(email, "salasana-12345")
    customer.save()
    return customer


def _order(customer: Customer) -> Order:
    category, _ = Category.objects.get_or_create(name="Pallot", slug="pallot")
    product, _ = Product.objects.get_or_create(
        slug="pallo",
        defaults={
            "category": category,
            "name": "Pallo",
            "price_cents": 300,
            "vat_rate": Decimal("25.5"),
            "stock": 100,
        },
    )
    return order_place(
        actor=SYSTEM,
        customer=customer,
        lines=[CartLine(product.pk, 1)],
        delivery=Delivery("Anna", "Asiakas", "Katu 2", "33100", "Tampere", "FI"),
        payment_method=PaymentMethod.PAYTRAIL,
        language="fi",
    )


def test_the_order_history_lists_only_ones_own_orders(client, django_user_model):
    a = _customer_with_account(django_user_model, "a@example.fi")
    b = _customer_with_account(django_user_model, "b@example.fi")
    mine, theirs = _order(a), _order(b)
    client.force_login(a.user)
    page = client.get(reverse("orders:my_orders"))
    assert page.status_code == 200
    assert list(page.context["orders"]) == [mine]
    assert client.get(reverse("orders:detail", args=[mine.public_id])).status_code == 200
    assert client.get(reverse("orders:detail", args=[theirs.public_id])).status_code == 404
    assert client.post(reverse("orders:cancel", args=[theirs.public_id])).status_code == 404
    assert client.post(reverse("orders:pay", args=[theirs.public_id])).status_code == 404


def test_the_order_page_shows_the_vat_breakdown(client, django_user_model):
    a = _customer_with_account(django_user_model, "a@example.fi")
    order = _order(a)
    client.force_login(a.user)
    page = client.get(reverse("orders:detail", args=[order.public_id])).content.decode()
    assert "0,61 €" in page  # 25.5 % VAT of 3,00 €


def test_a_guest_opens_the_order_with_the_signed_link_only(client):
    guest = customer_create(actor=SYSTEM, channel=Channel.CHECKOUT, email="g@example.fi")
    order = _order(guest)
    assert client.get(order_page_path(order)).status_code == 200
    forged = order_token(order)[:-2] + "xx"
    assert client.get(reverse("orders:guest_order", args=[forged])).status_code == 404
    assert client.get(reverse("orders:guest_order", args=["nonsense"])).status_code == 404


def test_a_guest_cancels_through_the_link(client):
    guest = customer_create(actor=SYSTEM, channel=Channel.CHECKOUT, email="g@example.fi")
    order = _order(guest)
    response = client.post(reverse("orders:guest_cancel", args=[order_token(order)]))
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == "cancelled"
    assert Product.objects.get().stock == 100

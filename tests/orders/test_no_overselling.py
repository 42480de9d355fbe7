"""No overselling: twenty people check out the last five units at the same moment and
exactly five orders hold stock (on SQLite and on PostgreSQL, with real concurrent
connections)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from rekisteri.audit.actors import Actor
from rekisteri.customers.models import Channel
from rekisteri.customers.services import customer_create
from rekisteri.orders.models import Order, PaymentMethod
from rekisteri.orders.services import CartLine, Delivery, OutOfStock, order_cancel, order_place
from rekisteri.shop.models import Category, Product

SYSTEM = Actor.system("tests")
DELIVERY = Delivery(
    first_name="Aino",
    last_name="Ilmanen",
    street_address="Pallotie 5",
    postal_code="00100",
    city="Helsinki",
    country="FI",
)


def _product(stock: int) -> Product:
    category = Category.objects.create(name="Pallot", slug="pallot")
    return Product.objects.create(
        category=category,
        name="Viimeinen pallo",
        slug="viimeinen-pallo",
        price_cents=500,
        vat_rate=Decimal("25.5"),
        stock=stock,
    )


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_checkouts_for_the_last_five_units_make_five_orders() -> None:
    product = _product(stock=5)
    customers = [
        customer_create(actor=SYSTEM, channel=Channel.CHECKOUT, email=f"ostaja{i}@example.fi")
        for i in range(20)
    ]
    start = threading.Barrier(20)
    placed: list[int] = []
    refused: list[str] = []
    failed: list[BaseException] = []
    lock = threading.Lock()

    def buy(index: int) -> None:
        try:
            start.wait()
            order = order_place(
                actor=SYSTEM,
                customer=customers[index],
                lines=[CartLine(product.pk, 1)],
                delivery=DELIVERY,
                payment_method=PaymentMethod.PAYTRAIL,
                language="fi",
            )
            with lock:
                placed.append(order.pk)
        except OutOfStock as error:
            with lock:
                refused.append(error.code or "")
        except BaseException as error:  # reported below
            with lock:
                failed.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=buy, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failed, failed
    assert len(placed) == 5
    assert len(refused) == 15
    product.refresh_from_db()
    assert product.stock == 0
    assert Order.objects.count() == 5
    assert sum(line.quantity for o in Order.objects.all() for line in o.lines.all()) == 5


@pytest.mark.django_db
def test_a_cancelled_order_gives_its_stock_back() -> None:
    product = _product(stock=3)
    customer = customer_create(actor=SYSTEM, channel=Channel.CHECKOUT, email="a@example.fi")
    order = order_place(
        actor=SYSTEM,
        customer=customer,
        lines=[CartLine(product.pk, 2)],
        delivery=DELIVERY,
        payment_method=PaymentMethod.PAYTRAIL,
        language="fi",
    )
    product.refresh_from_db()
    assert product.stock == 1
    assert order_cancel(actor=SYSTEM, order_id=order.pk)
    assert not order_cancel(actor=SYSTEM, order_id=order.pk)
    product.refresh_from_db()
    assert product.stock == 3


@pytest.mark.django_db
@pytest.mark.parametrize("quantity", [0, -1, 100])
def test_quantities_outside_the_limits_are_refused(quantity: int) -> None:
    product = _product(stock=200)
    customer = customer_create(actor=SYSTEM, channel=Channel.CHECKOUT, email="a@example.fi")
    with pytest.raises(ValidationError):
        order_place(
            actor=SYSTEM,
            customer=customer,
            lines=[CartLine(product.pk, quantity)],
            delivery=DELIVERY,
            payment_method=PaymentMethod.PAYTRAIL,
            language="fi",
        )
    assert not Order.objects.exists()

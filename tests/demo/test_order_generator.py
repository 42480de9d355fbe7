"""Made-up orders for generated customers: numbered and priced like real ones, reproducible
from the seed, inserted in audited batches."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.audit.verify import audit_verify
from rekisteri.customers.models import Customer
from rekisteri.demo.catalogue import PRODUCTS
from rekisteri.demo.generator import customers_generate
from rekisteri.demo.order_generator import (
    LAST_ORDER_AT,
    MAX_LINES,
    orders_generate,
)
from rekisteri.orders.models import (
    Order,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    Shipment,
    ShipmentStatus,
)
from rekisteri.orders.pick_list import pick_list
from rekisteri.orders.references import is_valid_reference, reference_for
from rekisteri.orders.services import FIRST_ORDER_NUMBER, CartLine, Delivery, order_place
from rekisteri.orders.vat import vat_breakdown
from rekisteri.shop.models import Category, Product

pytestmark = pytest.mark.django_db

ACTOR = Actor.system("generate_data")


def customers(count: int, seed: int = 1) -> None:
    customers_generate(actor=ACTOR, count=count, seed=seed)


def snapshot() -> list[tuple[object, ...]]:
    """Every order as what it says, without its ids (they depend on the sequence)."""
    lines: dict[int, list[tuple[object, ...]]] = {}
    for line in OrderLine.objects.order_by("pk"):
        lines.setdefault(line.order_id, []).append(
            (line.product_code, line.product_name, line.unit_price_cents, line.quantity)
        )
    return [
        (
            order.customer_id,
            order.status,
            order.placed_at,
            order.paid_at,
            order.total_cents,
            order.vat_cents,
            order.shipment.status,
            order.shipment.tracking_code,
            tuple(lines[order.pk]),
        )
        for order in Order.objects.select_related("shipment").order_by("customer_id", "placed_at")
    ]


def test_the_command_gives_each_new_customer_n_orders_audited_per_batch() -> None:
    customers(4)  # already there: they get no orders
    out = io.StringIO()

    call_command(
        "generate_data",
        "--customers",
        "30",
        "--orders-per-customer",
        "3",
        "--seed",
        "7",
        stdout=out,
    )

    new = Customer.objects.order_by("pk")[4:]
    assert Counter(Order.objects.values_list("customer_id", flat=True)) == {
        customer.pk: 3 for customer in new
    }
    [event] = AuditEvent.objects.filter(action="order.bulk_generate")
    assert event.detail == {
        "customers": 30,
        "orders": 90,
        "lines": OrderLine.objects.count(),
        "shipments": 90,
        "seed": 7,
    }
    assert event.actor_ref == "generate_data"
    assert event.subject == ""
    assert "90" in out.getvalue()
    assert audit_verify().ok


def test_without_orders_per_customer_the_command_adds_no_orders() -> None:
    call_command("generate_data", "--customers", "5", stdout=io.StringIO())

    assert Customer.objects.count() == 5
    assert not Order.objects.exists()


def test_numbers_and_references_come_from_the_row_id() -> None:
    customers(20)
    orders_generate(actor=ACTOR, per_customer=2)

    for order in Order.objects.all():
        assert order.number == FIRST_ORDER_NUMBER + order.pk
        assert order.payment_reference == reference_for(order.number)
        assert is_valid_reference(order.payment_reference)


def test_totals_and_vat_are_those_of_the_lines() -> None:
    customers(25)
    orders_generate(actor=ACTOR, per_customer=2)

    for order in Order.objects.prefetch_related("lines"):
        lines = list(order.lines.all())
        assert order.total_cents == sum(line.unit_price_cents * line.quantity for line in lines)
        assert order.vat_cents == sum(row.vat_cents for row in vat_breakdown(lines))
        assert 0 < order.vat_cents < order.total_cents


def test_lines_copy_one_to_four_different_products_of_the_catalogue() -> None:
    customers(40)
    orders_generate(actor=ACTOR, per_customer=2)

    products = {product.pk: product for product in Product.objects.all()}
    for order in Order.objects.prefetch_related("lines"):
        lines = list(order.lines.all())
        assert 1 <= len(lines) <= MAX_LINES
        assert len({line.product_id for line in lines}) == len(lines)
        for line in lines:
            product = products[line.product_id]
            assert (line.product_code, line.product_name) == (product.slug, product.name)
            assert line.unit_price_cents == product.price_cents
            assert line.vat_rate == product.vat_rate
            assert line.quantity >= 1
    sizes = Counter(order.lines.count() for order in Order.objects.all())
    assert set(sizes) == {1, 2, 3, 4}


def test_the_demo_catalogue_is_added_when_the_shop_sells_nothing() -> None:
    customers(3)
    orders_generate(actor=ACTOR, per_customer=1)

    assert sorted(Product.objects.values_list("slug", flat=True)) == sorted(
        product.slug for product in PRODUCTS
    )


def test_an_existing_catalogue_is_used_and_products_not_on_sale_never() -> None:
    category = Category.objects.create(name="Pallot", slug="pallot")
    sold = Product.objects.create(
        category=category, name="Pallo", slug="pallo", price_cents=250, vat_rate=Decimal("14.0")
    )
    Product.objects.create(
        category=category, name="Vanha", slug="vanha", price_cents=100, active=False
    )
    customers(10)

    orders_generate(actor=ACTOR, per_customer=2)

    assert set(OrderLine.objects.values_list("product_id", flat=True)) == {sold.pk}
    assert Product.objects.count() == 2


def test_orders_go_to_the_customers_own_address_in_their_language() -> None:
    customers(15)
    orders_generate(actor=ACTOR, per_customer=2)

    for order in Order.objects.select_related("customer"):
        customer = order.customer
        assert customer is not None
        assert (
            order.delivery_first_name,
            order.delivery_last_name,
            order.delivery_street_address,
            order.delivery_postal_code,
            order.delivery_city,
            order.delivery_country,
            order.delivery_phone,
            order.language,
        ) == (
            customer.first_name,
            customer.last_name,
            customer.street_address,
            customer.postal_code,
            customer.city,
            customer.country,
            customer.phone,
            customer.preferred_language,
        )
        assert order.payment_method == PaymentMethod.PAYTRAIL


def test_orders_are_delivered_in_the_past_with_their_shipments() -> None:
    customers(50)
    orders_generate(actor=ACTOR, per_customer=4, waiting_share=0)

    assert set(Order.objects.values_list("status", flat=True)) == {OrderStatus.DELIVERED}
    for order in Order.objects.select_related("shipment", "customer"):
        shipment = order.shipment
        assert order.customer is not None
        assert order.customer.entered_at <= order.placed_at < order.paid_at
        assert shipment.status == ShipmentStatus.DELIVERED
        assert shipment.carrier and shipment.tracking_code
        assert shipment.shipped_at is not None and shipment.delivered_at is not None
        assert order.paid_at == shipment.created_at < shipment.shipped_at
        assert shipment.shipped_at < shipment.delivered_at < LAST_ORDER_AT


def test_a_waiting_order_is_the_customer_s_latest_paid_and_on_the_pick_list(make_staff) -> None:
    customers(12)
    orders_generate(actor=ACTOR, per_customer=3, waiting_share=1)

    waiting = Order.objects.filter(status=OrderStatus.PAID).select_related("shipment")
    assert waiting.count() == 12
    for order in waiting:
        assert order.shipment.status == ShipmentStatus.WAITING
        assert order.shipment.shipped_at is None
        assert order.paid_at is not None
        latest = Order.objects.filter(customer_id=order.customer_id).order_by("-placed_at")[0]
        assert latest.pk == order.pk
    rows = pick_list(actor=Actor.for_staff(make_staff(Role.WAREHOUSE)))
    assert sorted(row.order_number for row in rows) == sorted(o.number for o in waiting)
    assert all(row.lines for row in rows)


def test_by_default_a_few_orders_wait_and_the_rest_are_delivered() -> None:
    customers(600)
    made = orders_generate(actor=ACTOR, per_customer=1)

    statuses = Counter(Order.objects.values_list("status", flat=True))
    assert set(statuses) <= {OrderStatus.DELIVERED, OrderStatus.PAID}
    assert 0 < statuses[OrderStatus.PAID] == made.waiting < 20
    assert Shipment.objects.filter(status=ShipmentStatus.WAITING).count() == made.waiting


def test_the_same_seed_gives_the_same_orders_whatever_the_batch_size() -> None:
    customers(30)
    orders_generate(actor=ACTOR, per_customer=3, seed=42, waiting_share=0.3)
    first = snapshot()
    Order.objects.all().delete()

    orders_generate(actor=ACTOR, per_customer=3, seed=42, waiting_share=0.3, batch_size=7)
    again = snapshot()
    Order.objects.all().delete()
    orders_generate(actor=ACTOR, per_customer=3, seed=43, waiting_share=0.3)

    assert again == first
    assert snapshot() != first


def test_each_batch_commits_with_its_own_audit_event() -> None:
    customers(5)

    made = orders_generate(actor=ACTOR, per_customer=3, batch_size=7)

    assert (made.customers, made.orders, made.shipments) == (5, 15, 15)
    events = AuditEvent.objects.filter(action="order.bulk_generate").order_by("pk")
    assert [(e.detail["customers"], e.detail["orders"]) for e in events] == [
        (2, 6),
        (2, 6),
        (1, 3),
    ]
    assert sum(e.detail["lines"] for e in events) == made.lines == OrderLine.objects.count()


def test_only_the_given_customers_get_orders() -> None:
    customers(10)
    chosen = Customer.objects.order_by("pk")[3:6]
    ids = [customer.pk for customer in chosen]

    orders_generate(actor=ACTOR, per_customer=2, customers=Customer.objects.filter(pk__in=ids))

    assert sorted(Order.objects.values_list("customer_id", flat=True)) == sorted(ids * 2)


def checkout() -> Order:
    product = Product.objects.filter(stock__gt=0).first()
    assert product is not None
    customer = Customer.objects.first()
    assert customer is not None
    return order_place(
        actor=Actor.system("checkout"),
        customer=customer,
        lines=[CartLine(product.pk, 1)],
        delivery=Delivery("Aino", "Ilmanen", "Pallokuja 5", "02920", "Espoo", "FI"),
        payment_method=PaymentMethod.PAYTRAIL,
        language="fi",
    )


def test_a_checkout_after_the_generator_gets_the_next_free_number() -> None:
    customers(10)
    made = orders_generate(actor=ACTOR, per_customer=2)
    last = Order.objects.order_by("-pk").first()
    assert last is not None

    order = checkout()

    assert order.pk > last.pk
    assert order.number == FIRST_ORDER_NUMBER + order.pk
    assert Order.objects.count() == made.orders + 1


def test_the_generator_numbers_after_orders_placed_at_the_checkout() -> None:
    customers(3)
    orders_generate(actor=ACTOR, per_customer=1)
    placed = checkout()

    orders_generate(actor=ACTOR, per_customer=1)

    assert Order.objects.filter(pk__gt=placed.pk).count() == 3
    assert Order.objects.get(pk=placed.pk).number == placed.number


def test_ids_of_deleted_orders_are_not_handed_out_again() -> None:
    customers(4)
    orders_generate(actor=ACTOR, per_customer=2)
    highest = Order.objects.order_by("-pk").values_list("pk", flat=True)[0]
    Order.objects.filter(pk=highest).delete()

    orders_generate(actor=ACTOR, per_customer=1)

    assert Order.objects.filter(pk__gt=highest).count() == 4
    assert not Order.objects.filter(pk=highest).exists()


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        ({"per_customer": 0}, "per_customer"),
        ({"per_customer": 101}, "per_customer"),
        ({"per_customer": 1, "batch_size": 0}, "batch_size"),
        ({"per_customer": 1, "waiting_share": 1.5}, "waiting_share"),
        ({"per_customer": 1, "waiting_share": -0.1}, "waiting_share"),
    ],
)
def test_impossible_arguments_are_refused_before_anything_is_written(
    arguments, problem: str
) -> None:
    customers(2)

    with pytest.raises(ValueError, match=problem):
        orders_generate(actor=ACTOR, **arguments)

    assert not Order.objects.exists()
    assert not Product.objects.exists()


def run_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REKISTERI_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "rekisteri", "generate_data", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("count", ["-1", "101", "kymmenen"])
def test_a_bad_orders_per_customer_fails_with_one_line_and_no_traceback(
    tmp_path: Path, count: str
) -> None:
    result = run_cli(tmp_path, "--customers", "10", "--orders-per-customer", count)

    assert result.returncode != 0
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "--orders-per-customer" in result.stderr

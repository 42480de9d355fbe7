"""Made-up orders for customers already in the register, in bulk, for load tests and
benchmarks (``rekisteri generate_data --orders-per-customer N``).

Each customer gets N orders of one to four lines from the catalogue, sent to their own
address: most of them delivered long ago, and for a few customers the latest one paid and
waiting in the warehouse. The same seed over the same customers and catalogue always gives
the same orders; the orders' public ids stay random, since they are in the addresses of the
order pages and must never be guessable from a seed.

The work goes in batches of whole customers, each one transaction with one audit event that
counts it, and nothing but the batch at hand is held in memory: a million orders take no
more memory than five thousand.
"""

from __future__ import annotations

import datetime
import itertools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.db.models import QuerySet

from rekisteri.audit.actors import Actor
from rekisteri.audit.services import audit_record
from rekisteri.customers.models import Customer
from rekisteri.demo.catalogue import demo_catalogue_load
from rekisteri.orders.models import (
    Order,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    Shipment,
    ShipmentStatus,
)
from rekisteri.orders.references import reference_for
from rekisteri.orders.services import FIRST_ORDER_NUMBER
from rekisteri.orders.vat import vat_breakdown
from rekisteri.privacy.datamap import datamap, purposes
from rekisteri.shop.models import Product

DEFAULT_SEED = 2011
MAX_ORDERS_PER_CUSTOMER = 100
# Orders per transaction (rounded to whole customers).
BATCH_SIZE = 5_000
# Of the customers, those whose latest order is paid and waits to be packed.
WAITING_SHARE = 0.01
MAX_LINES = 4
# Rows per INSERT statement: well under PostgreSQL's 65,535 parameters per statement.
_INSERT_ROWS = 1_000

# Orders are placed up to this moment (fixed, so that a seed gives the same dates whenever it
# is run); the waiting ones in the last two days before it.
LAST_ORDER_AT = datetime.datetime(2025, 6, 30, 12, tzinfo=datetime.UTC)
_DELIVERED_BEFORE = LAST_ORDER_AT - datetime.timedelta(days=7)
_WAITING_SPAN_SECONDS = 2 * 24 * 3600
_QUANTITIES = (1, 2, 3, 5, 10)
_QUANTITY_CUM_WEIGHTS = tuple(itertools.accumulate((60, 20, 10, 6, 4)))
_CARRIERS = ("Posti", "Matkahuolto", "DB Schenker", "PostNord", "Budbee")
_CUSTOMER_FIELDS = (
    "pk",
    "first_name",
    "last_name",
    "street_address",
    "postal_code",
    "city",
    "country",
    "phone",
    "preferred_language",
    "entered_at",
)
_WRITTEN_FIELDS: tuple[tuple[type[models.Model], str], ...] = (
    *(
        (Order, name)
        for name in (
            "customer",
            "number",
            "status",
            "payment_method",
            "payment_reference",
            "total_cents",
            "vat_cents",
            "placed_at",
            "paid_at",
            "language",
            "delivery_first_name",
            "delivery_last_name",
            "delivery_street_address",
            "delivery_postal_code",
            "delivery_city",
            "delivery_country",
            "delivery_phone",
        )
    ),
    *(
        (OrderLine, name)
        for name in ("product_code", "product_name", "unit_price_cents", "vat_rate", "quantity")
    ),
    *(
        (Shipment, name)
        for name in ("status", "created_at", "shipped_at", "delivered_at", "carrier")
    ),
    (Shipment, "tracking_code"),
)


@dataclass(frozen=True)
class OrdersGenerated:
    """What ``orders_generate`` inserted."""

    customers: int
    orders: int
    lines: int
    shipments: int
    waiting: int


@dataclass
class OrderBatch:
    """The unsaved rows of one transaction."""

    orders: list[Order]
    lines: list[OrderLine]
    shipments: list[Shipment]
    waiting: int = 0


class OrderGenerator:
    """Builds (unsaved) orders, lines and shipments for one customer at a time. The random
    numbers are drawn customer by customer, so the batch size never changes the result."""

    def __init__(self, seed: int, products: Sequence[Product], waiting_share: float) -> None:
        # Not for secrets: a seeded generator is the point (reproducible data).
        self._rng = random.Random(f"orders-{seed}")  # noqa: S311
        self._products = list(products)
        self._waiting_share = waiting_share

    def orders_for(
        self, customer: dict[str, Any], count: int, order_ids: Iterator[int], batch: OrderBatch
    ) -> None:
        """Add ``count`` orders of ``customer`` (a dict of ``_CUSTOMER_FIELDS``) to ``batch``,
        numbered with the next ids of ``order_ids``."""
        rng = self._rng
        # After the customer entered the register (or, for one who entered lately, in the
        # last day that still leaves the orders a week to be delivered).
        start = min(customer["entered_at"], _DELIVERED_BEFORE - datetime.timedelta(days=1))
        span = int((_DELIVERED_BEFORE - start).total_seconds())
        moments = sorted(
            start + datetime.timedelta(seconds=rng.randrange(span)) for _ in range(count)
        )
        waits = rng.random() < self._waiting_share
        for index, placed_at in enumerate(moments):
            waiting = waits and index == count - 1
            if waiting:
                placed_at = LAST_ORDER_AT - datetime.timedelta(
                    seconds=rng.randrange(_WAITING_SPAN_SECONDS)
                )
            self._order(customer, next(order_ids), placed_at, waiting, batch)

    def _order(
        self,
        customer: dict[str, Any],
        order_id: int,
        placed_at: datetime.datetime,
        waiting: bool,
        batch: OrderBatch,
    ) -> None:
        rng = self._rng
        number = FIRST_ORDER_NUMBER + order_id
        picked = rng.sample(self._products, min(rng.randint(1, MAX_LINES), len(self._products)))
        lines = [
            OrderLine(
                order_id=order_id,
                product_id=product.pk,
                product_code=product.slug[:100],
                product_name=product.name,
                unit_price_cents=product.price_cents,
                vat_rate=product.vat_rate,
                quantity=rng.choices(_QUANTITIES, cum_weights=_QUANTITY_CUM_WEIGHTS)[0],
            )
            for product in sorted(picked, key=lambda product: product.pk)
        ]
        paid_at = placed_at + datetime.timedelta(seconds=rng.randint(30, 1800))
        batch.orders.append(
            Order(
                pk=order_id,
                number=number,
                payment_reference=reference_for(number),
                customer_id=customer["pk"],
                status=OrderStatus.PAID if waiting else OrderStatus.DELIVERED,
                payment_method=PaymentMethod.PAYTRAIL,
                language=customer["preferred_language"] or "fi",
                total_cents=sum(line.total_cents for line in lines),
                vat_cents=sum(row.vat_cents for row in vat_breakdown(lines)),
                placed_at=placed_at,
                paid_at=paid_at,
                delivery_first_name=customer["first_name"],
                delivery_last_name=customer["last_name"],
                delivery_street_address=customer["street_address"],
                delivery_postal_code=customer["postal_code"],
                delivery_city=customer["city"],
                delivery_country=customer["country"],
                delivery_phone=customer["phone"],
            )
        )
        batch.lines.extend(lines)
        if waiting:
            batch.waiting += 1
            batch.shipments.append(
                Shipment(order_id=order_id, status=ShipmentStatus.WAITING, created_at=paid_at)
            )
            return
        shipped_at = paid_at + datetime.timedelta(seconds=rng.randint(3 * 3600, 48 * 3600))
        batch.shipments.append(
            Shipment(
                order_id=order_id,
                status=ShipmentStatus.DELIVERED,
                carrier=rng.choice(_CARRIERS),
                tracking_code=f"JJFI{rng.randrange(10**15, 10**16)}",
                created_at=paid_at,
                shipped_at=shipped_at,
                delivered_at=shipped_at
                + datetime.timedelta(seconds=rng.randint(12 * 3600, 96 * 3600)),
            )
        )


def _categories() -> list[str]:
    categories = []
    for model, name in _WRITTEN_FIELDS:
        mapped = datamap.field(model, name)
        assert mapped is not None, f"{model.__name__}.{name} is not in the data map"
        categories.append(mapped.personal.category)
    return sorted(set(categories))


def _catalogue(actor: Actor) -> list[Product]:
    """The active products, oldest first; the demo catalogue is added when there are none."""
    products = list(Product.objects.filter(active=True).order_by("pk"))
    if not products:
        demo_catalogue_load(actor=actor)
        products = list(Product.objects.filter(active=True).order_by("pk"))
    return products


def _order_ids(count: int) -> list[int]:
    """Ids for ``count`` new orders, taken before the insert, so that each order goes in with
    its number (FIRST_ORDER_NUMBER + id) and reference: one INSERT, no UPDATE afterwards.
    Call inside the transaction that inserts them."""
    table = Order._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The sequence hands out ids that nobody else gets, even to concurrent checkouts.
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the write lock is held from BEGIN (immediate transactions), so nobody
        # inserts before we do. AUTOINCREMENT remembers the ids of deleted rows too.
        quoted = connection.ops.quote_name(table)
        cursor.execute(
            "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608 (the model's own table name)
            f"coalesce((SELECT max(id) FROM {quoted}), 0))",
            [table],
        )
        row = cursor.fetchone()
        assert row is not None
        last = int(row[0])
        return list(range(last + 1, last + 1 + count))


def _customer_chunks(customers: QuerySet[Customer], size: int) -> Iterator[list[dict[str, Any]]]:
    """The customers in id order, ``size`` at a time (keyset paging: each chunk is one
    indexed query however far in the table it is)."""
    rows = customers.order_by("pk").values(*_CUSTOMER_FIELDS)
    last = 0
    while True:
        chunk = list(rows.filter(pk__gt=last)[:size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1]["pk"]


def orders_generate(
    *,
    actor: Actor,
    per_customer: int,
    customers: QuerySet[Customer] | None = None,
    seed: int = DEFAULT_SEED,
    waiting_share: float = WAITING_SHARE,
    batch_size: int = BATCH_SIZE,
) -> OrdersGenerated:
    """Insert ``per_customer`` made-up orders for each of ``customers`` (every customer by
    default), with their lines and shipments; return what was inserted.

    Each batch of about ``batch_size`` orders commits with one audit event that counts it:
    a bulk load audited order by order would be a million events that say nothing more.
    """
    if not 1 <= per_customer <= MAX_ORDERS_PER_CUSTOMER:
        raise ValueError(f"per_customer must be between 1 and {MAX_ORDERS_PER_CUSTOMER}")
    if batch_size < 1:
        raise ValueError("batch_size must be positive")
    if not 0 <= waiting_share <= 1:
        raise ValueError("waiting_share must be between 0 and 1")
    generator = OrderGenerator(seed, _catalogue(actor), waiting_share)
    categories = _categories()
    totals = {"customers": 0, "orders": 0, "lines": 0, "shipments": 0, "waiting": 0}
    chunks = _customer_chunks(
        customers if customers is not None else Customer.objects.all(),
        max(1, batch_size // per_customer),
    )
    for chunk in chunks:
        batch = OrderBatch(orders=[], lines=[], shipments=[])
        with transaction.atomic():
            order_ids = iter(_order_ids(len(chunk) * per_customer))
            for customer in chunk:
                generator.orders_for(customer, per_customer, order_ids, batch)
            Order.objects.bulk_create(batch.orders, batch_size=_INSERT_ROWS)
            OrderLine.objects.bulk_create(batch.lines, batch_size=_INSERT_ROWS)
            Shipment.objects.bulk_create(batch.shipments, batch_size=_INSERT_ROWS)
            audit_record(
                actor=actor,
                action="order.bulk_generate",
                categories=categories,
                purpose=purposes.ORDER_DELIVERY.key,
                detail={
                    "customers": len(chunk),
                    "orders": len(batch.orders),
                    "lines": len(batch.lines),
                    "shipments": len(batch.shipments),
                    "seed": seed,
                },
            )
        totals["customers"] += len(chunk)
        totals["orders"] += len(batch.orders)
        totals["lines"] += len(batch.lines)
        totals["shipments"] += len(batch.shipments)
        totals["waiting"] += batch.waiting
    _refresh_statistics()
    return OrdersGenerated(**totals)


def _refresh_statistics() -> None:
    """Let the query planner see the new rows. After a bulk load PostgreSQL's statistics
    still describe the empty tables until autovacuum gets round to them, and a plan made
    for an empty table scans the whole table once it holds millions of rows."""
    tables = [model._meta.db_table for model in (Order, OrderLine, Shipment)]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")

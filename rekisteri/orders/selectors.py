"""Reading orders for the person they belong to."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.db.models import Prefetch, QuerySet

from rekisteri.customers.models import Customer
from rekisteri.orders.models import Order, OrderLine
from rekisteri.orders.services import CartLine
from rekisteri.shop.models import Product


def orders_of_customer(customer: Customer) -> QuerySet[Order]:
    """The customer's orders, newest first, for their order history."""
    return (
        Order.objects.filter(customer=customer)
        .exclude(number=None)
        .only("public_id", "number", "status", "placed_at", "total_cents", "customer_id")
        .order_by("-placed_at", "-pk")
    )


def order_for_page(public_id: uuid.UUID | str) -> Order | None:
    """One order with everything its page shows."""
    return (
        Order.objects.select_related("customer", "shipment", "return_record")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("pk")))
        .filter(public_id=public_id)
        .first()
    )


def catalogue_total_cents(lines: Sequence[CartLine]) -> int:
    """What the lines cost at today's catalogue prices (for the credit check before an
    invoice purchase; the order itself reads the prices again when it is placed)."""
    prices = dict(
        Product.objects.filter(pk__in=[line.product_id for line in lines]).values_list(
            "pk", "price_cents"
        )
    )
    return sum(prices.get(line.product_id, 0) * line.quantity for line in lines)


def orders_of_customer_for_staff(customer: Customer) -> QuerySet[Order]:
    """The customer's placed orders, newest first, for the staff's customer card (which
    shows only the fields the reader may see and records the read)."""
    return (
        Order.objects.filter(customer=customer).exclude(number=None).order_by("-placed_at", "-pk")
    )

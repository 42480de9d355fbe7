"""Orders, shipments and customers made directly with the ORM, in the states the delivery and
return tests start from (the checkout and payment code that makes them in the product is
tested elsewhere)."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

from django.utils import timezone

from rekisteri.accounts.models import User
from rekisteri.customers.models import Channel, Customer
from rekisteri.orders.models import (
    Order,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    Shipment,
    ShipmentStatus,
)

_counter = itertools.count(1)

EMAIL = "aino.ilmanen@example.fi"
LINES = (
    ("foliopallo-sydan", "Foliopallo Sydän", 795, 2),
    ("heliumpullo-pieni", "Heliumpullo pieni", 3990, 1),
)


def make_customer(*, email: str = "", with_account: bool = False, **overrides: Any) -> Customer:
    n = next(_counter)
    values: dict[str, Any] = {
        "first_name": "Aino",
        "last_name": "Ilmanen",
        "street_address": "Pallokuja 5 A 3",
        "postal_code": "02920",
        "city": "Espoo",
        "country": "FI",
        "phone": "+358 40 111 2222",
        "email": email or f"asiakas{n}@example.fi",
        "channel": Channel.CHECKOUT,
        **overrides,
    }
    user = None
    if with_account:
        user = User.objects.create_user(values["email"], None)
        user.set_unusable_password()
        user.save()
        values["channel"] = Channel.REGISTRATION
    return Customer.objects.create(user=user, **values)


def make_order(
    *,
    customer: Customer | None = None,
    status: OrderStatus = OrderStatus.PAID,
    payment_method: PaymentMethod = PaymentMethod.PAYTRAIL,
    lines: tuple[tuple[str, str, int, int], ...] = LINES,
    language: str = "fi",
    **overrides: Any,
) -> Order:
    """An order with its lines and number; its total is the sum of the lines."""
    if customer is None:
        customer = make_customer()
    total = sum(price * quantity for _, _, price, quantity in lines)
    values: dict[str, Any] = {
        "customer": customer,
        "status": status,
        "payment_method": payment_method,
        "language": language,
        "total_cents": total,
        "vat_cents": round(total * Decimal("25.5") / Decimal("125.5")),
        "paid_at": timezone.now() if status != OrderStatus.AWAITING_PAYMENT else None,
        "delivery_first_name": customer.first_name,
        "delivery_last_name": customer.last_name,
        "delivery_street_address": customer.street_address,
        "delivery_postal_code": customer.postal_code,
        "delivery_city": customer.city,
        "delivery_country": customer.country,
        "delivery_phone": customer.phone,
        **overrides,
    }
    order = Order.objects.create(**values)
    Order.objects.filter(pk=order.pk).update(number=10_000 + order.pk)
    order.refresh_from_db()
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product_code=code,
            product_name=name,
            unit_price_cents=price,
            vat_rate=Decimal("25.5"),
            quantity=quantity,
        )
        for code, name, price, quantity in lines
    )
    return order


def make_shipment(
    order: Order,
    *,
    status: ShipmentStatus = ShipmentStatus.WAITING,
    shipped_at: datetime.datetime | None = None,
    delivered_at: datetime.datetime | None = None,
) -> Shipment:
    if status != ShipmentStatus.WAITING and shipped_at is None:
        shipped_at = (delivered_at or timezone.now()) - datetime.timedelta(days=1)
    return Shipment.objects.create(
        order=order,
        status=status,
        carrier="Posti" if shipped_at else "",
        tracking_code="JJFI64123450000012345" if shipped_at else "",
        shipped_at=shipped_at,
        delivered_at=delivered_at,
    )


def waiting_order(**overrides: Any) -> Order:
    """A paid order (or invoiced, by ``status``) with its shipment waiting."""
    order = make_order(**overrides)
    make_shipment(order)
    return order


def shipped_order(**overrides: Any) -> Order:
    order = make_order(status=OrderStatus.SHIPPED, **overrides)
    make_shipment(order, status=ShipmentStatus.SHIPPED, shipped_at=timezone.now())
    return order


def delivered_order(*, delivered_at: datetime.datetime | None = None, **overrides: Any) -> Order:
    """An order whose goods reached the customer at ``delivered_at`` (now when left out)."""
    order = make_order(status=OrderStatus.DELIVERED, **overrides)
    make_shipment(
        order, status=ShipmentStatus.DELIVERED, delivered_at=delivered_at or timezone.now()
    )
    return order


def local_time(day: datetime.date, hour: int = 12, minute: int = 0) -> datetime.datetime:
    """An aware moment of ``day`` in the site's time zone (Helsinki)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def many_waiting_orders(count: int) -> list[Order]:
    """``count`` paid orders with waiting shipments, made in a few bulk inserts."""
    customer = make_customer()
    first = (Order.objects.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    orders = Order.objects.bulk_create(
        Order(
            customer=customer,
            status=OrderStatus.PAID,
            payment_method=PaymentMethod.PAYTRAIL,
            number=first + n,
            total_cents=5580,
            vat_cents=1134,
            paid_at=timezone.now(),
            delivery_first_name=f"Vastaanottaja{n}",
            delivery_last_name="Ilmanen",
            delivery_street_address=f"Pallokuja {n}",
            delivery_postal_code="02920",
            delivery_city="Espoo",
            delivery_country="FI",
            delivery_phone="+358 40 111 2222",
        )
        for n in range(count)
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product_code=code,
            product_name=name,
            unit_price_cents=price,
            vat_rate=Decimal("25.5"),
            quantity=quantity,
        )
        for order in orders
        for code, name, price, quantity in LINES
    )
    Shipment.objects.bulk_create(Shipment(order=order) for order in orders)
    return orders

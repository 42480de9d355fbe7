"""The right of withdrawal in distance selling (L22; Consumer Protection Act 38/1978,
chapter 6): 14 days from receiving the goods."""

from __future__ import annotations

import datetime

from django.utils import timezone

from rekisteri.orders.models import Order, OrderStatus

WITHDRAWAL_DAYS = 14


def withdrawal_deadline(order: Order) -> datetime.date | None:
    """The last day to give notice of withdrawal, once the goods are delivered."""
    shipment = getattr(order, "shipment", None)
    if order.status != OrderStatus.DELIVERED or shipment is None or shipment.delivered_at is None:
        return None
    delivered_on = timezone.localdate(shipment.delivered_at)
    return delivered_on + datetime.timedelta(days=WITHDRAWAL_DAYS)

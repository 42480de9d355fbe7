"""The order confirmation mail, in the order's language, sent after the transaction commits."""

from __future__ import annotations

from django.conf import settings

from rekisteri.accounts.mail import send_on_commit
from rekisteri.orders.links import order_page_path
from rekisteri.orders.models import Order
from rekisteri.orders.returns import WITHDRAWAL_DAYS
from rekisteri.orders.vat import vat_breakdown


def order_page_url(order: Order) -> str:
    """An account holder's order page; for a guest, the signed link to it."""
    from django.urls import reverse

    site = str(settings.REKISTERI_SITE_URL).rstrip("/")
    customer = order.customer
    if customer is not None and customer.user_id is not None:
        return site + reverse("orders:detail", args=[order.public_id])
    return site + order_page_path(order)


def order_confirmation_send(order: Order) -> None:
    customer = order.customer
    if customer is None or not customer.email:
        return
    lines = list(order.lines.all())
    send_on_commit(
        name="order_confirmation",
        folder="orders/email",
        to=customer.email,
        language=order.language or customer.preferred_language,
        context={
            "order": order,
            "lines": lines,
            "vat_rows": vat_breakdown(lines),
            "order_url": order_page_url(order),
            "withdrawal_days": WITHDRAWAL_DAYS,
        },
    )

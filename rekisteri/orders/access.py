"""Who may see an order's page: its account holder, the browser that placed it (for a guest,
remembered in the session), or whoever holds the signed link from the order email."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from rekisteri.orders.links import order_page_path
from rekisteri.orders.models import Order

_SESSION_KEY = "orders_placed"
# A session remembers a handful of guest orders, not a history.
_REMEMBERED = 10


def remember_order(request: HttpRequest, order: Order) -> None:
    placed = [value for value in request.session.get(_SESSION_KEY, []) if isinstance(value, str)]
    placed = [str(order.public_id), *[value for value in placed if value != str(order.public_id)]]
    request.session[_SESSION_KEY] = placed[:_REMEMBERED]


def owns_order(request: HttpRequest, order: Order) -> bool:
    user = request.user
    if not user.is_authenticated or order.customer_id is None:
        return False
    return order.customer is not None and order.customer.user_id == user.pk


def may_view_order(request: HttpRequest, order: Order) -> bool:
    return owns_order(request, order) or str(order.public_id) in request.session.get(
        _SESSION_KEY, []
    )


def order_url_for(request: HttpRequest, order: Order) -> str:
    if owns_order(request, order):
        return reverse("orders:detail", args=[order.public_id])
    return order_page_path(order)

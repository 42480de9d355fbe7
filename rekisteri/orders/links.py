"""Signed links to one order, for people without an account (L16): the order email carries
one, and it opens that order's page and its withdrawal form and nothing else.

The token holds the order's random public id, signed with the site's secret; the URL shows
no number, name or address.
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

from rekisteri.orders.models import Order

_SALT = "rekisteri.orders.link"
# Long enough for the 14-day withdrawal period after a slow delivery, and then some.
MAX_AGE_SECONDS = 180 * 24 * 60 * 60


def order_token(order: Order) -> str:
    return signing.dumps(str(order.public_id), salt=_SALT, compress=False)


def public_id_from_token(token: str) -> str | None:
    """The order id the token was made for, or None for a forged or expired token."""
    try:
        return str(signing.loads(token, salt=_SALT, max_age=MAX_AGE_SECONDS))
    except signing.BadSignature:
        return None


def order_from_token(token: str) -> Order | None:
    """The order the token was made for, or None for a forged, expired or unknown token."""
    public_id = public_id_from_token(token)
    if public_id is None:
        return None
    return Order.objects.filter(public_id=public_id).first()


def order_page_path(order: Order) -> str:
    """The path of the order's page for a guest (an account holder's page needs no token)."""
    return reverse("orders:guest_order", args=[order_token(order)])

"""The shopping cart, kept in the visitor's session: product ids and quantities only.

Prices are never stored here: every page and the order itself read them from the catalogue,
so nothing the browser sends can change what an order costs.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.sessions.backends.base import SessionBase

from rekisteri.orders.services import MAX_LINES, MAX_QUANTITY, CartLine
from rekisteri.shop.models import Product

SESSION_KEY = "cart"


@dataclass(frozen=True)
class CartRow:
    product: Product
    quantity: int

    @property
    def total_cents(self) -> int:
        return self.product.price_cents * self.quantity


class Cart:
    def __init__(self, session: SessionBase) -> None:
        self._session = session
        raw = session.get(SESSION_KEY)
        self._items: dict[str, int] = dict(raw) if isinstance(raw, dict) else {}

    def _save(self) -> None:
        self._session[SESSION_KEY] = self._items
        self._session.modified = True

    def add(self, product_id: int, quantity: int) -> None:
        key = str(product_id)
        if key not in self._items and len(self._items) >= MAX_LINES:
            raise ValueError("the cart is full")
        self._items[key] = min(MAX_QUANTITY, self._items.get(key, 0) + quantity)
        self._save()

    def set(self, product_id: int, quantity: int) -> None:
        key = str(product_id)
        if quantity <= 0:
            self._items.pop(key, None)
        elif key in self._items:
            self._items[key] = min(MAX_QUANTITY, quantity)
        self._save()

    def clear(self) -> None:
        self._items = {}
        self._save()

    def __len__(self) -> int:
        return sum(self._items.values())

    def rows(self) -> list[CartRow]:
        """The cart's products still on sale, with today's prices."""
        ids = [int(key) for key in self._items if key.isdigit()]
        products = Product.objects.filter(pk__in=ids, active=True).select_related("category")
        by_id = {product.pk: product for product in products}
        return [
            CartRow(by_id[int(key)], quantity)
            for key, quantity in self._items.items()
            if key.isdigit() and int(key) in by_id
        ]


def cart_lines(rows: list[CartRow]) -> list[CartLine]:
    """The rows as an order's lines: product ids and quantities, no prices."""
    return [CartLine(row.product.pk, row.quantity) for row in rows]


def cart_total_cents(rows: list[CartRow]) -> int:
    return sum(row.total_cents for row in rows)

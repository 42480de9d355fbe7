"""Catalogue fixtures: a category and a product made through the services."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from rekisteri.access.roles import Role
from rekisteri.accounts.models import User
from rekisteri.audit.actors import Actor
from rekisteri.shop.models import Category, Product
from rekisteri.shop.services import category_create, product_create
from tests.fixtures.staff import sign_in_staff

SYSTEM = Actor.system("tests")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def category(db) -> Category:
    return category_create(
        actor=SYSTEM, values={"name": "Foliopallot", "slug": "foliopallot", "position": 1}
    )


@pytest.fixture
def make_product(category: Category) -> Callable[..., Product]:
    counter = iter(range(1, 10_000))

    def make(**overrides: Any) -> Product:
        number = next(counter)
        values: dict[str, Any] = {
            "category": category,
            "name": f"Sydänpallo {number}",
            "slug": f"sydanpallo-{number}",
            "description": "Punainen",
            "price_cents": 1290,
            "vat_rate": Decimal("25.5"),
            "stock": 5,
            "active": True,
            **overrides,
        }
        return product_create(actor=SYSTEM, values=values)

    return make


@pytest.fixture
def sign_in(client: Client, make_staff: Callable[..., User]) -> Callable[..., Client]:
    """The test client, signed in as a new staff member with the given roles."""

    def signed_in(*roles: Role) -> Client:
        sign_in_staff(client, make_staff(*roles))
        return client

    return signed_in

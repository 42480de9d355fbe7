"""Shared fixtures. Tests run against a real database: SQLite by default, PostgreSQL when
DATABASE_URL points at it (CI runs both)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from rekisteri.access.groups import role_group
from rekisteri.access.roles import Role
from rekisteri.accounts.models import User
from rekisteri.audit.keys import _read_key
from tests.fixtures.staff import sign_in_staff

# The Paytrail simulator, served over real HTTP for the payment tests.
pytest_plugins = ["tests.fixtures.paytrail"]


@pytest.fixture(autouse=True)
def _audit_files(settings, tmp_path: Path) -> None:
    """Each test gets its own audit anchor, audit key and erasure ledger outside the
    database."""
    settings.REKISTERI_AUDIT_ANCHOR_FILE = tmp_path / "audit-anchor.log"
    settings.REKISTERI_ERASURE_LEDGER_FILE = tmp_path / "erasure-ledger.log"
    settings.REKISTERI_AUDIT_KEY_FILE = tmp_path / "audit_key"
    _read_key.cache_clear()


@pytest.fixture
def make_staff(db) -> Callable[..., User]:
    """A staff member holding the given roles."""
    counter = iter(range(1, 10_000))

    def make(*roles: Role, password: str = "correct horse battery staple") -> User:
        user = User.objects.create_user(
            f"staff{next(counter)}@example.test", password, is_staff=True
        )
        for role in roles:
            user.groups.add(role_group(role))
        return user

    return make


@pytest.fixture
def staff_client(client, make_staff: Callable[..., User]) -> Callable[..., Client]:
    """The test client, signed in as a new staff member holding the given roles."""

    def signed_in(*roles: Role) -> Client:
        return sign_in_staff(client, make_staff(*roles))

    return signed_in


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"

"""Signed-in staff clients for the contest pages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from rekisteri.access.roles import Role
from rekisteri.accounts.models import User
from tests.fixtures.staff import sign_in_staff


@pytest.fixture
def sign_in(client: Client, make_staff: Callable[..., User]) -> Callable[..., Client]:
    """The test client, signed in as a new staff member with the given roles."""

    def signed_in(*roles: Role) -> Client:
        sign_in_staff(client, make_staff(*roles))
        return client

    return signed_in


@pytest.fixture(autouse=True)
def _english_messages():
    """Some checks read service messages in English (they are translated)."""
    from django.utils import translation

    with translation.override("en"):
        yield

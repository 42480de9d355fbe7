"""Signed-in staff clients for the feedback pages."""

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

"""Fixtures for the staff pages: signed-in clients and a Finnish test catalogue."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from rekisteri.access.roles import Role
from rekisteri.accounts.models import User
from tests.fixtures.staff import sign_in_staff
from tests.staff.translations import write_mo


@pytest.fixture
def sign_in(client: Client, make_staff: Callable[..., User]) -> Callable[..., Client]:
    """The test client, signed in as a new staff member with the given roles."""

    def signed_in(*roles: Role) -> Client:
        return sign_in_staff(client, make_staff(*roles))

    return signed_in


@pytest.fixture
def admin_client(sign_in: Callable[..., Client]) -> Client:
    return sign_in(Role.ADMINISTRATOR)


@pytest.fixture
def finnish(settings, tmp_path: Path) -> Callable[[dict[str, str]], None]:
    """Install Finnish translations for the given English messages for this test."""

    def install(messages: dict[str, str]) -> None:
        write_mo(tmp_path / "locale" / "fi" / "LC_MESSAGES" / "django.mo", messages)
        # Changing the setting makes Django drop its cached catalogues.
        settings.LOCALE_PATHS = [tmp_path / "locale", *settings.LOCALE_PATHS]

    return install

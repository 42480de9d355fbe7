"""The administrator's page of API clients: create (the token shown once), list, revoke.
Other roles get 403."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from rekisteri.access.roles import Role
from rekisteri.api.models import ApiClient
from rekisteri.api.tokens import token_hash
from rekisteri.audit.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]


def test_the_administrator_creates_a_client_and_sees_the_token_once(staff_client) -> None:
    browser = staff_client(Role.ADMINISTRATOR)

    response = browser.post(
        reverse("staff:api_client_create"),
        {"name": "Verkkokauppa", "roles": ["customer_service", "warehouse"]},
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    token = re.search(r'value="(rk_[^"]+)"', response.content.decode()).group(1)  # type: ignore[union-attr]
    client = ApiClient.objects.get()
    assert client.token_hash == token_hash(token)
    assert client.roles == ["customer_service", "warehouse"]
    listing = browser.get(reverse("staff:api_clients")).content.decode()
    assert "Verkkokauppa" in listing
    assert token not in listing


def test_the_administrators_role_is_not_offered(staff_client) -> None:
    browser = staff_client(Role.ADMINISTRATOR)
    response = browser.post(
        reverse("staff:api_client_create"), {"name": "erp", "roles": ["administrator"]}
    )
    assert response.status_code == 400
    assert not ApiClient.objects.exists()


def test_revoking_from_the_page(staff_client) -> None:
    browser = staff_client(Role.ADMINISTRATOR)
    browser.post(reverse("staff:api_client_create"), {"name": "erp", "roles": ["credit_control"]})
    client = ApiClient.objects.get()

    response = browser.post(reverse("staff:api_client_revoke", args=[client.public_id]))

    assert response.status_code == 303
    client.refresh_from_db()
    assert not client.is_active
    assert AuditEvent.objects.filter(action="api_client.revoke").count() == 1


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR])
def test_other_roles_get_403(staff_client, role: Role) -> None:
    browser = staff_client(role)
    assert browser.get(reverse("staff:api_clients")).status_code == 403
    response = browser.post(
        reverse("staff:api_client_create"), {"name": "erp", "roles": ["customer_service"]}
    )
    assert response.status_code == 403
    assert not ApiClient.objects.exists()


def test_an_unknown_client_cannot_be_revoked(staff_client) -> None:
    browser = staff_client(Role.ADMINISTRATOR)
    response = browser.post(
        reverse("staff:api_client_revoke", args=["00000000-0000-4000-8000-000000000000"])
    )
    assert response.status_code == 404


def test_the_front_page_links_the_administrator_to_the_clients(staff_client) -> None:
    page = staff_client(Role.ADMINISTRATOR).get(reverse("staff:home")).content.decode()
    assert reverse("staff:api_clients") in page

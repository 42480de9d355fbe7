"""Staff sign-in: only staff accounts, and a failure never tells whether an account exists."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from rekisteri.access.roles import Role
from rekisteri.accounts.models import User

LOGIN_URL = reverse("staff:login")
PASSWORD = "correct horse battery staple"
FAILED = "Please enter a correct email address and password."


def test_staff_member_signs_in_and_lands_on_the_back_office(
    client: Client,
    make_staff: Callable[..., User],
) -> None:
    user = make_staff(Role.CUSTOMER_SERVICE)

    response = client.post(LOGIN_URL, {"username": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:home")


def test_sign_in_page_has_labelled_fields(client: Client, db) -> None:
    page = client.get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<label for="id_username">Email address:</label>' in page
    assert '<label for="id_password">' in page
    assert '<html lang="en">' in page


@pytest.mark.parametrize("case", ["wrong password", "unknown address", "not staff"])
def test_failed_sign_in_says_the_same_whatever_the_reason(
    client: Client,
    make_staff: Callable[..., User],
    case: str,
) -> None:
    staff = make_staff(Role.ADMINISTRATOR)
    User.objects.create_user("customer@example.test", PASSWORD)
    username, password = {
        "wrong password": (staff.email, "not the password at all"),
        "unknown address": ("nobody@example.test", PASSWORD),
        "not staff": ("customer@example.test", PASSWORD),
    }[case]

    response = client.post(
        LOGIN_URL, {"username": username, "password": password}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert FAILED in page
    assert 'id="signin-errors"' in page
    assert "_auth_user_id" not in client.session

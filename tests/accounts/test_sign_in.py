"""Customer sign-in and sign-out: customers only, the customer's last activity recorded, and
a failure that never tells whether an account exists."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from rekisteri.access.roles import Role
from rekisteri.audit.models import AuditEvent
from rekisteri.customers.models import Customer
from tests.accounts.conftest import Clock, Registered

pytestmark = pytest.mark.django_db

URL = reverse("accounts:sign_in")
FAILED = "The email address or the password is wrong."


def sign_in(client: Client, email: str, password: str, **extra: Any) -> Any:
    return client.post(
        URL, {"username": email, "password": password}, HTTP_ACCEPT_LANGUAGE="en", **extra
    )


def test_a_customer_signs_in_and_lands_on_my_account(
    client: Client, register: Callable[..., Registered]
) -> None:
    person = register()

    response = sign_in(client, person.email, person.password)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:my_account")
    assert client.session["_auth_user_id"] == str(person.user.pk)


def test_the_address_is_matched_whatever_its_case(
    client: Client, register: Callable[..., Registered]
) -> None:
    person = register()

    response = sign_in(client, f"  {person.email.upper()} ", person.password)

    assert response.status_code == 302


def test_an_unconfirmed_account_can_sign_in(
    client: Client, register: Callable[..., Registered]
) -> None:
    person = register(confirmed=False)

    assert sign_in(client, person.email, person.password).status_code == 302


def test_signing_in_records_the_customers_last_activity(
    client: Client, register: Callable[..., Registered], clock: Clock
) -> None:
    person = register()
    clock.advance(days=40)

    sign_in(client, person.email, person.password)

    customer = Customer.objects.get(pk=person.customer.pk)
    assert customer.last_active_at == clock.now
    event = AuditEvent.objects.get(action="customer.touch")
    assert event.subject == str(customer.public_id)
    assert event.actor_kind == "customer"
    assert event.categories == ["user.behavior.last_activity"]


def test_signing_in_switches_the_site_to_the_customers_language(
    client: Client, register: Callable[..., Registered]
) -> None:
    person = register(preferred_language="sv")

    response = sign_in(client, person.email, person.password)

    assert response.cookies["django_language"].value == "sv"


def test_a_safe_next_page_is_followed_and_an_outside_one_is_not(
    client: Client, register: Callable[..., Registered]
) -> None:
    person = register()
    profile = reverse("accounts:profile")

    inside = client.post(
        URL, {"username": person.email, "password": person.password, "next": profile}
    )
    client.logout()
    outside = client.post(
        URL,
        {"username": person.email, "password": person.password, "next": "https://evil.example/"},
    )

    assert inside["Location"] == profile
    assert outside["Location"] == reverse("accounts:my_account")


@pytest.mark.parametrize("case", ["wrong password", "unknown address", "staff account"])
def test_a_failed_sign_in_says_the_same_whatever_the_reason(
    client: Client, register: Callable[..., Registered], make_staff, case: str
) -> None:
    person = register()
    staff = make_staff(Role.CUSTOMER_SERVICE)
    email, password = {
        "wrong password": (person.email, "not the password at all"),
        "unknown address": ("nobody@example.fi", person.password),
        "staff account": (staff.email, "correct horse battery staple"),
    }[case]

    response = sign_in(client, email, password)

    assert response.status_code == 400
    page = response.content.decode()
    assert FAILED in page
    assert 'id="signin-errors"' in page
    assert "_auth_user_id" not in client.session


def test_a_deactivated_account_cannot_sign_in(
    client: Client, register: Callable[..., Registered]
) -> None:
    person = register()
    person.user.is_active = False
    person.user.save()

    response = sign_in(client, person.email, person.password)

    assert response.status_code == 400
    assert FAILED in response.content.decode()


def test_the_sign_in_page_is_labelled_and_links_reset_and_registration(
    client: Client,
) -> None:
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<label for="id_username">Email address:</label>' in page
    assert '<label for="id_password">' in page
    assert reverse("accounts:password_reset") in page
    assert reverse("accounts:register") in page


def test_signing_out_takes_a_post_and_ends_the_session(
    client: Client, signed_in: Callable[..., Registered]
) -> None:
    signed_in()

    assert client.get(reverse("accounts:sign_out")).status_code == 405
    response = client.post(reverse("accounts:sign_out"))

    assert response.status_code == 303
    assert response["Location"] == URL
    assert "_auth_user_id" not in client.session


def test_the_header_offers_sign_in_to_visitors_and_my_account_to_customers(
    client: Client, signed_in: Callable[..., Registered]
) -> None:
    privacy = reverse("privacy:register_description")
    visitor = client.get(privacy).content.decode()
    signed_in()
    customer = client.get(privacy).content.decode()

    assert f'href="{URL}"' in visitor
    assert f'href="{reverse("accounts:my_account")}"' not in visitor
    assert f'href="{reverse("accounts:my_account")}"' in customer

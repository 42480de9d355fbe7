"""My account: customers only; the hub lists every app's section; the profile, email address
and password pages change only the signed-in person's own data, audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from rekisteri.access.roles import Role
from rekisteri.accounts import services
from rekisteri.accounts.actors import customer_actor
from rekisteri.accounts.models import User
from rekisteri.accounts.sections import Section, my_account_sections
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.consents.selectors import email_is_confirmed
from rekisteri.customers.models import Customer
from tests.accounts.conftest import Registered, confirm_url
from tests.fixtures.staff import sign_in_staff

pytestmark = pytest.mark.django_db

HUB = reverse("accounts:my_account")
PROFILE = reverse("accounts:profile")
EMAIL = reverse("accounts:email_change")
PASSWORD_PAGE = reverse("accounts:password_change")
NEW_PASSWORD = "toinen pitkä ilmapallosalasana"

PROFILE_FORM = {
    "first_name": "Aino",
    "last_name": "Ilmanen-Korhonen",
    "street_address": "Kumikatu 2",
    "postal_code": "00100",
    "city": "Helsinki",
    "phone": "+358 50 333 4444",
    "preferred_language": "en",
}


# Who may enter.


@pytest.mark.parametrize("url", [HUB, PROFILE, EMAIL, PASSWORD_PAGE])
def test_a_visitor_is_sent_to_the_customer_sign_in(client: Client, db, url: str) -> None:
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in") + "?next=")


@pytest.mark.parametrize("url", [HUB, PROFILE, EMAIL, PASSWORD_PAGE])
def test_a_staff_member_gets_no_access(client: Client, make_staff, url: str) -> None:
    sign_in_staff(client, make_staff(Role.REGISTER_MANAGER))

    assert client.get(url).status_code == 403


# The hub.


def test_the_hub_lists_the_sections_in_order(
    client: Client, signed_in: Callable[..., Registered]
) -> None:
    signed_in()

    page = client.get(HUB, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    positions = [
        page.index(f'href="{reverse(name)}"')
        for name in ("accounts:profile", "accounts:email_change", "accounts:password_change")
    ]
    assert positions == sorted(positions)


def test_another_apps_section_appears_on_the_hub(
    client: Client, signed_in: Callable[..., Registered]
) -> None:
    signed_in()

    with my_account_sections.extended():
        my_account_sections.register(
            Section("notice", "Register description", "privacy:register_description", order=5)
        )
        page = client.get(HUB).content.decode()

    assert f'href="{reverse("privacy:register_description")}">Register description<' in page


def test_a_section_key_cannot_be_taken_twice() -> None:
    with my_account_sections.extended(), pytest.raises(ValueError, match="profile"):
        my_account_sections.register(Section("profile", "Other", "accounts:my_account"))


def test_the_hub_asks_an_unconfirmed_customer_to_confirm(
    client: Client, signed_in: Callable[..., Registered]
) -> None:
    signed_in()

    page = client.get(HUB, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Your email address is not confirmed yet" in page
    assert reverse("accounts:email_confirmation_resend") in page


def test_the_hub_says_nothing_about_confirming_once_confirmed(
    client: Client, register: Callable[..., Registered]
) -> None:
    person = register(confirmed=True)
    client.force_login(person.user)

    page = client.get(HUB, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "not confirmed" not in page


# Profile.


def test_the_profile_shows_the_current_details(
    client: Client, signed_in: Callable[..., Registered]
) -> None:
    signed_in()

    page = client.get(PROFILE).content.decode()

    assert 'value="Pallokuja 5 A 3"' in page
    assert f'href="{reverse("privacy:register_description")}"' in page


def test_correcting_the_profile_saves_and_is_audited(
    client: Client, signed_in: Callable[..., Registered]
) -> None:
    person = signed_in()

    response = client.post(PROFILE, PROFILE_FORM)

    assert response.status_code == 303
    customer = Customer.objects.get(pk=person.customer.pk)
    assert customer.last_name == "Ilmanen-Korhonen"
    assert customer.city == "Helsinki"
    assert customer.preferred_language == "en"
    event = AuditEvent.objects.get(action="customer.update")
    assert event.subject == str(customer.public_id)
    assert event.actor_kind == "customer"
    assert event.actor_ref == str(customer.public_id)
    assert "user.contact.address.city" in event.categories
    assert "user.contact.email" not in event.categories
    assert response.cookies["django_language"].value == "en"


@pytest.mark.parametrize(
    "bad", [{"first_name": ""}, {"preferred_language": "de"}, {"phone": "5" * 41}]
)
def test_bad_profile_input_is_refused_and_nothing_saved(
    client: Client, signed_in: Callable[..., Registered], bad: dict[str, str]
) -> None:
    person = signed_in()

    response = client.post(PROFILE, {**PROFILE_FORM, **bad})

    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert Customer.objects.get(pk=person.customer.pk).city == "Espoo"
    assert not AuditEvent.objects.filter(action="customer.update").exists()


def test_the_email_address_cannot_be_changed_through_the_profile(
    client: Client, signed_in: Callable[..., Registered]
) -> None:
    person = signed_in()

    client.post(PROFILE, {**PROFILE_FORM, "email": "sneaky@example.fi"})

    assert Customer.objects.get(pk=person.customer.pk).email == person.email


def test_the_profile_service_refuses_someone_else(
    register: Callable[..., Registered],
) -> None:
    person, other = register(), register()

    with pytest.raises(PermissionDenied):
        services.profile_update(
            actor=customer_actor(other.customer), customer=person.customer, city="Turku"
        )

    assert Customer.objects.get(pk=person.customer.pk).city == "Espoo"
    assert not AuditEvent.objects.filter(action="customer.update").exists()


def test_the_profile_service_allows_the_person(register: Callable[..., Registered]) -> None:
    person = register()

    services.profile_update(
        actor=customer_actor(person.customer), customer=person.customer, city="Turku"
    )

    assert AuditEvent.objects.get(action="customer.update").categories == [
        "user.contact.address.city"
    ]


# Email address.


def request_change(client: Client, person: Registered, new: str, mails) -> Any:
    with mails():
        return client.post(EMAIL, {"email": new, "current_password": person.password})


def test_a_new_address_takes_effect_only_after_its_link_is_opened(
    client: Client, register: Callable[..., Registered], mails
) -> None:
    person = register(confirmed=True)
    client.force_login(person.user)
    mail.outbox.clear()

    response = request_change(client, person, "Uusi.Osoite@Example.fi", mails)

    assert response.status_code == 303
    (message,) = mail.outbox
    assert message.to == ["uusi.osoite@example.fi"]
    assert User.objects.get(pk=person.user.pk).email == person.email
    assert Customer.objects.get(pk=person.customer.pk).email == person.email
    assert AuditEvent.objects.filter(action="account.email_change_request").exists()

    with mails():
        client.post(confirm_url(message))

    assert User.objects.get(pk=person.user.pk).email == "uusi.osoite@example.fi"
    customer = Customer.objects.get(pk=person.customer.pk)
    assert customer.email == "uusi.osoite@example.fi"
    assert email_is_confirmed(customer)
    update = AuditEvent.objects.get(action="customer.update")
    assert update.categories == ["user.contact.email"]


def test_the_old_address_is_told_of_the_change(
    client: Client, signed_in: Callable[..., Registered], mails
) -> None:
    person = signed_in()
    request_change(client, person, "uusi@example.fi", mails)

    with mails():
        client.post(confirm_url(mail.outbox[-1]))

    told = mail.outbox[-1]
    assert told.to == [person.email]
    assert "uusi@example.fi" not in told.body


def test_the_old_address_still_signs_in_until_the_change_is_confirmed(
    client: Client, signed_in: Callable[..., Registered], mails
) -> None:
    person = signed_in()
    request_change(client, person, "uusi@example.fi", mails)
    client.logout()

    response = client.post(
        reverse("accounts:sign_in"), {"username": person.email, "password": person.password}
    )

    assert response.status_code == 302


def test_a_change_to_an_address_taken_meanwhile_is_refused_clearly(
    client: Client, register: Callable[..., Registered], mails
) -> None:
    person = register()
    client.force_login(person.user)
    request_change(client, person, "kiistelty@example.fi", mails)
    link = confirm_url(mail.outbox[-1])
    register(email="kiistelty@example.fi")

    response = client.post(link, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 409
    assert "Another account already uses this email address" in response.content.decode()
    assert User.objects.get(pk=person.user.pk).email == person.email


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "not an address", "current_password": "kolme punaista ilmapalloa"}, "email"),
        ({"email": "uusi@example.fi", "current_password": "wrong"}, "current_password"),
    ],
)
def test_a_bad_email_change_is_refused_at_the_field(
    client: Client, signed_in: Callable[..., Registered], data: dict[str, str], field: str
) -> None:
    signed_in()
    mail.outbox.clear()

    response = client.post(EMAIL, data)

    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not mail.outbox


def test_the_same_address_is_not_a_change(
    client: Client, signed_in: Callable[..., Registered]
) -> None:
    person = signed_in()

    response = client.post(
        EMAIL, {"email": person.email.upper(), "current_password": person.password}
    )

    assert response.status_code == 400


def test_the_email_change_service_refuses_someone_else(
    register: Callable[..., Registered],
) -> None:
    person, other = register(), register()

    with pytest.raises(PermissionDenied):
        services.email_change_request(
            actor=customer_actor(other.customer), user=person.user, new_email="x@example.fi"
        )
    with pytest.raises(PermissionDenied):
        services.email_change_request(
            actor=Actor.public(), user=person.user, new_email="x@example.fi"
        )

    assert not AuditEvent.objects.filter(action="account.email_change_request").exists()


def test_the_email_change_service_refuses_an_invalid_address(
    register: Callable[..., Registered],
) -> None:
    person = register()

    with pytest.raises(ValidationError):
        services.email_change_request(
            actor=customer_actor(person.customer), user=person.user, new_email="no at sign"
        )


# Password.


def test_changing_the_password_keeps_this_browser_signed_in(
    client: Client, signed_in: Callable[..., Registered], mails
) -> None:
    person = signed_in()
    mail.outbox.clear()

    with mails():
        response = client.post(
            PASSWORD_PAGE, {"current_password": person.password, "password": NEW_PASSWORD}
        )

    assert response.status_code == 303
    assert User.objects.get(pk=person.user.pk).check_password(NEW_PASSWORD)
    assert client.get(HUB).status_code == 200
    event = AuditEvent.objects.get(action="account.password_change")
    assert event.categories == ["user.authorization.password"]
    (told,) = mail.outbox
    assert told.to == [person.email]


def test_other_browsers_are_signed_out_by_a_password_change(
    signed_in: Callable[..., Registered], client: Client
) -> None:
    person = signed_in()
    other_browser = Client()
    other_browser.force_login(person.user)

    client.post(PASSWORD_PAGE, {"current_password": person.password, "password": NEW_PASSWORD})

    assert other_browser.get(HUB).status_code == 302


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"current_password": "wrong", "password": NEW_PASSWORD}, "current_password"),
        ({"current_password": "kolme punaista ilmapalloa", "password": "short"}, "password"),
    ],
)
def test_a_bad_password_change_is_refused_at_the_field(
    client: Client, signed_in: Callable[..., Registered], data: dict[str, str], field: str
) -> None:
    person = signed_in()

    response = client.post(PASSWORD_PAGE, data)

    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    assert User.objects.get(pk=person.user.pk).check_password(person.password)


def test_the_password_service_refuses_someone_else(register: Callable[..., Registered]) -> None:
    person, other = register(), register()

    with pytest.raises(PermissionDenied):
        services.password_change(
            actor=customer_actor(other.customer), user=person.user, password=NEW_PASSWORD
        )

    assert not AuditEvent.objects.filter(action="account.password_change").exists()

"""Email confirmation links: single use, expiring, never a server error, and a confirmed
address is recorded where marketing looks for it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from rekisteri.accounts import services
from rekisteri.accounts.actors import customer_actor
from rekisteri.accounts.links import LinkError, LinkProblem, new_link_secret
from rekisteri.accounts.models import EmailConfirmation, PendingRegistration
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.consents.selectors import email_is_confirmed
from tests.accounts.conftest import Clock, Registered, confirm_url, link_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(register: Callable[..., Registered]) -> Registered:
    return register()


def test_opening_the_link_asks_before_it_confirms(client: Client, person: Registered) -> None:
    response = client.get(confirm_url(mail.outbox[-1]), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "Confirm your email address" in response.content.decode()
    # A mail scanner that follows links does not use up the link.
    assert PendingRegistration.objects.filter(user=person.user).exists()
    assert not email_is_confirmed(person.customer)


def test_confirming_ends_the_pending_state_and_records_the_address(
    client: Client, person: Registered
) -> None:
    response = client.post(confirm_url(mail.outbox[-1]))

    assert response.status_code == 303
    assert response["Location"] == reverse("accounts:email_confirmed")
    assert not PendingRegistration.objects.filter(user=person.user).exists()
    assert email_is_confirmed(person.customer)
    event = AuditEvent.objects.get(action="account.email_confirm")
    assert event.subject == str(person.customer.public_id)
    assert event.detail == {"purpose": "registration"}


def test_the_link_works_only_once(client: Client, person: Registered) -> None:
    url = confirm_url(mail.outbox[-1])
    client.post(url)

    again = client.post(url, HTTP_ACCEPT_LANGUAGE="en")

    assert again.status_code == 410
    assert "This link has already been used." in again.content.decode()
    assert AuditEvent.objects.filter(action="account.email_confirm").count() == 1


def test_an_expired_link_gets_a_clear_page(
    client: Client, person: Registered, clock: Clock
) -> None:
    clock.advance(hours=settings.REKISTERI_EMAIL_LINK_HOURS, seconds=1)

    response = client.post(confirm_url(mail.outbox[-1]), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 410
    assert "This link has expired." in response.content.decode()
    assert PendingRegistration.objects.filter(user=person.user).exists()


def test_a_link_just_inside_its_lifetime_still_works(
    client: Client, person: Registered, clock: Clock
) -> None:
    clock.advance(hours=settings.REKISTERI_EMAIL_LINK_HOURS - 1)

    assert client.post(confirm_url(mail.outbox[-1])).status_code == 303


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "x" + token,
        lambda token: token.split(":")[0],
        lambda token: "not-a-token",
        lambda token: "%00",
    ],
)
def test_a_tampered_link_gets_a_clear_page_not_an_error(
    client: Client, person: Registered, tamper: Callable[[str], str]
) -> None:
    token = tamper(link_token(mail.outbox[-1]))

    for method in (client.get, client.post):
        response = method(
            reverse("accounts:email_confirm", args=[token]), HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 400
        assert "This link is not valid." in response.content.decode()
    assert PendingRegistration.objects.filter(user=person.user).exists()


def test_a_genuine_link_that_is_no_longer_stored_says_so(client: Client, db) -> None:
    token, _hash = new_link_secret()  # signed by us, but never saved (or since removed)

    response = client.get(reverse("accounts:email_confirm", args=[token]))

    assert response.status_code == 410


def test_a_new_link_replaces_the_old_one(client: Client, person: Registered, mails) -> None:
    old_url = confirm_url(mail.outbox[-1])
    client.force_login(person.user)

    with mails():
        client.post(reverse("accounts:email_confirmation_resend"))

    assert client.post(old_url).status_code == 410
    assert client.post(confirm_url(mail.outbox[-1])).status_code == 303
    assert AuditEvent.objects.filter(action="account.email_confirmation_resend").exists()


# The services directly: allowed and denied.


def test_the_service_confirms_with_the_public_actor(person: Registered) -> None:
    confirmation = services.email_confirm(actor=Actor.public(), token=link_token(mail.outbox[-1]))

    assert confirmation.used_at is not None
    assert AuditEvent.objects.filter(action="account.email_confirm").exists()


def test_the_service_refuses_a_staff_actor(person: Registered, make_staff) -> None:
    with pytest.raises(PermissionDenied):
        services.email_confirm(
            actor=Actor.for_staff(make_staff()), token=link_token(mail.outbox[-1])
        )

    assert not AuditEvent.objects.filter(action="account.email_confirm").exists()
    assert EmailConfirmation.objects.get(user=person.user).used_at is None


def test_the_service_refuses_a_forged_token_without_a_trace(person: Registered) -> None:
    with pytest.raises(LinkError) as error:
        services.email_confirm(actor=Actor.public(), token="forged:token")

    assert error.value.problem == LinkProblem.TAMPERED
    assert not AuditEvent.objects.filter(action="account.email_confirm").exists()


def test_resending_is_refused_for_someone_else(
    register: Callable[..., Registered],
) -> None:
    person, other = register(), register()

    with pytest.raises(PermissionDenied):
        services.email_confirmation_resend(actor=Actor.public(), user=person.user)
    with pytest.raises(PermissionDenied):
        services.email_confirmation_resend(actor=customer_actor(other.customer), user=person.user)
    assert not AuditEvent.objects.filter(action="account.email_confirmation_resend").exists()


def test_resending_to_a_confirmed_address_sends_nothing(
    register: Callable[..., Registered],
) -> None:
    person = register(confirmed=True)
    mail.outbox.clear()

    sent = services.email_confirmation_resend(
        actor=customer_actor(person.customer), user=person.user
    )

    assert sent is False
    assert not mail.outbox

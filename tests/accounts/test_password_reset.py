"""Password reset by email: the same answer whether or not the address has an account, a
single-use expiring link, and a clear page for a bad one."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from rekisteri.accounts import services
from rekisteri.accounts.links import LinkError
from rekisteri.accounts.models import User
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from tests.accounts.conftest import Registered, reset_url

pytestmark = pytest.mark.django_db

URL = reverse("accounts:password_reset")
NEW_PASSWORD = "uusi pitkä ilmapallosalasana"


def ask(client: Client, email: str) -> Any:
    return client.post(URL, {"email": email}, HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def person(register: Callable[..., Registered]) -> Registered:
    person = register()
    mail.outbox.clear()
    return person


def test_a_known_and_an_unknown_address_get_the_same_answer(
    client: Client, person: Registered
) -> None:
    known = ask(client, person.email)
    unknown = ask(client, "nobody@example.fi")

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known.status_code == 303
    assert known["Location"] == reverse("accounts:password_reset_sent")


def test_only_the_account_holder_gets_a_link(client: Client, person: Registered, mails) -> None:
    with mails():
        ask(client, "nobody@example.fi")
        ask(client, person.email)

    (message,) = mail.outbox
    assert message.to == [person.email]
    assert reverse("accounts:password_reset") in message.body
    assert person.email not in reset_url(message)


def test_the_link_sets_a_new_password(client: Client, person: Registered, mails) -> None:
    with mails():
        ask(client, person.email)
    url = reset_url(mail.outbox[-1])

    assert client.get(url).status_code == 200
    response = client.post(url, {"password": NEW_PASSWORD})

    assert response.status_code == 303
    assert response["Location"] == reverse("accounts:sign_in")
    assert User.objects.get(pk=person.user.pk).check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="account.password_reset")
    assert event.subject == str(person.customer.public_id)


def test_the_link_works_only_once(client: Client, person: Registered, mails) -> None:
    with mails():
        ask(client, person.email)
    url = reset_url(mail.outbox[0])
    client.post(url, {"password": NEW_PASSWORD})

    again = client.post(url, {"password": "and yet another passphrase"}, HTTP_ACCEPT_LANGUAGE="en")

    assert again.status_code == 400
    assert "This password reset link is not valid" in again.content.decode()
    assert User.objects.get(pk=person.user.pk).check_password(NEW_PASSWORD)


def test_an_expired_link_gets_the_clear_page(
    client: Client, person: Registered, mails, settings, monkeypatch
) -> None:
    with mails():
        ask(client, person.email)
    url = reset_url(mail.outbox[0])
    later = datetime.datetime.now() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    monkeypatch.setattr(
        PasswordResetTokenGenerator,
        "_now",
        lambda self: later + datetime.timedelta(seconds=1),
    )

    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "This password reset link is not valid" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        ("MQ", "bad-token"),
        ("!!!", "x"),
        ("ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ", "1-2"),
    ],
)
def test_a_tampered_link_gets_the_clear_page(client: Client, person: Registered, path) -> None:
    url = reverse("accounts:password_reset_confirm", args=path)

    assert client.get(url).status_code == 400
    assert client.post(url, {"password": NEW_PASSWORD}).status_code == 400


def test_a_weak_new_password_is_refused_at_the_field(
    client: Client, person: Registered, mails
) -> None:
    with mails():
        ask(client, person.email)

    response = client.post(
        reset_url(mail.outbox[0]), {"password": "short"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert 'id="id_password_error"' in response.content.decode()
    assert User.objects.get(pk=person.user.pk).check_password(person.password)


def test_staff_accounts_get_no_link(client: Client, make_staff, mails) -> None:
    staff = make_staff()

    with mails():
        response = ask(client, staff.email)

    assert response.status_code == 303
    assert not mail.outbox
    assert not AuditEvent.objects.filter(action="account.password_reset_request").exists()


def test_an_invalid_address_is_refused_at_the_field(client: Client, db) -> None:
    response = ask(client, "not an address")

    assert response.status_code == 400
    assert 'id="id_email_error"' in response.content.decode()


# The services directly.


def test_the_request_service_is_audited(person: Registered) -> None:
    services.password_reset_request(actor=Actor.public(), email=person.email)

    event = AuditEvent.objects.get(action="account.password_reset_request")
    assert event.subject == str(person.customer.public_id)


def test_the_request_service_refuses_a_staff_actor(person: Registered, make_staff) -> None:
    with pytest.raises(PermissionDenied):
        services.password_reset_request(actor=Actor.for_staff(make_staff()), email=person.email)

    assert not AuditEvent.objects.filter(action="account.password_reset_request").exists()


def test_the_complete_service_refuses_a_bad_token(person: Registered) -> None:
    with pytest.raises(LinkError):
        services.password_reset_complete(
            actor=Actor.public(), uidb64="MQ", token="1-2", password=NEW_PASSWORD
        )

    assert not AuditEvent.objects.filter(action="account.password_reset").exists()

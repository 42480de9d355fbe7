"""The one-click unsubscribe link (L21, RFC 8058): public, no CSRF token, GET only asks,
POST withdraws; a tampered token gets a clear 400 page and changes nothing."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from rekisteri.audit.models import AuditEvent
from rekisteri.consents.models import ChangeSource, ConsentRecord, MarketingChannel
from rekisteri.consents.selectors import consent_granted
from rekisteri.consents.unsubscribe import (
    unsubscribe_headers,
    unsubscribe_path,
    unsubscribe_token,
    unsubscribe_token_read,
)
from rekisteri.customers.models import Customer
from tests.staff.translations import write_mo

pytestmark = pytest.mark.django_db

ONE_CLICK = "List-Unsubscribe=One-Click"
INVALID_TITLE = "This unsubscribe link does not work"


@pytest.fixture
def csrf_client() -> Client:
    """A client that, like a mail provider, sends no cookie and no CSRF token."""
    return Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def subscribed(make_customer, grant) -> Customer:
    customer = make_customer(confirmed=True)
    grant(customer, MarketingChannel.EMAIL)
    grant(customer, MarketingChannel.SMS)
    return customer


def test_the_token_carries_the_pseudonymous_id_and_channel_but_no_address(subscribed) -> None:
    token = unsubscribe_token(subscribed, MarketingChannel.EMAIL)
    payload = token.rsplit(":", 1)[0]
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()

    assert json.loads(decoded) == {"c": subscribed.public_id.hex, "ch": "email"}
    assert subscribed.email not in token
    assert subscribed.email.split("@")[0] not in decoded


def test_the_token_is_the_same_for_every_message_and_differs_by_channel(subscribed) -> None:
    email_token = unsubscribe_token(subscribed, MarketingChannel.EMAIL)

    assert unsubscribe_token(subscribed, MarketingChannel.EMAIL) == email_token
    assert unsubscribe_token(subscribed, MarketingChannel.SMS) != email_token
    target = unsubscribe_token_read(email_token)
    assert target is not None
    assert (target.public_id, target.channel) == (subscribed.public_id, MarketingChannel.EMAIL)


def test_get_shows_a_confirmation_page_and_changes_nothing(client, subscribed) -> None:
    response = client.get(unsubscribe_path(subscribed, MarketingChannel.EMAIL))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="post">' in html
    assert 'name="List-Unsubscribe" value="One-Click"' in html
    assert consent_granted(subscribed, MarketingChannel.EMAIL)
    assert ConsentRecord.objects.filter(customer=subscribed).count() == 2


def test_post_withdraws_without_login_and_without_a_csrf_token(csrf_client, subscribed) -> None:
    response = csrf_client.post(
        unsubscribe_path(subscribed, MarketingChannel.EMAIL),
        data=ONE_CLICK,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert not consent_granted(subscribed, MarketingChannel.EMAIL)
    assert consent_granted(subscribed, MarketingChannel.SMS)
    record = ConsentRecord.objects.filter(customer=subscribed).first()
    assert record is not None
    assert record.source == ChangeSource.UNSUBSCRIBE_LINK
    event = AuditEvent.objects.get(action="consent.withdraw")
    assert event.actor_kind == "public"
    assert event.detail == {"channel": "email", "source": "unsubscribe_link"}


def test_the_button_on_the_page_withdraws_in_one_click(csrf_client, subscribed) -> None:
    path = unsubscribe_path(subscribed, MarketingChannel.SMS)

    response = csrf_client.post(path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert not consent_granted(subscribed, MarketingChannel.SMS)


def test_posting_again_records_nothing_more(csrf_client, subscribed) -> None:
    path = unsubscribe_path(subscribed, MarketingChannel.EMAIL)

    csrf_client.post(path, {"List-Unsubscribe": "One-Click"})
    response = csrf_client.post(path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="consent.withdraw").count() == 1


def _tampered(token: str) -> str:
    payload, signature = token.rsplit(":", 1)
    flipped = "A" if signature[0] != "A" else "B"
    return f"{payload}:{flipped}{signature[1:]}"


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_token_gives_a_clear_400_page_and_changes_nothing(
    csrf_client, subscribed, method
) -> None:
    token = _tampered(unsubscribe_token(subscribed, MarketingChannel.EMAIL))
    url = reverse("consents:unsubscribe", kwargs={"token": token})

    response = getattr(csrf_client, method)(url)

    assert response.status_code == 400
    assert INVALID_TITLE in response.content.decode()
    assert consent_granted(subscribed, MarketingChannel.EMAIL)
    assert not AuditEvent.objects.filter(action="consent.withdraw").exists()


def test_a_token_signed_for_another_purpose_is_refused(csrf_client, subscribed) -> None:
    # The same payload signed with the site's key but without the unsubscribe salt.
    forged = signing.Signer().sign_object({"c": subscribed.public_id.hex, "ch": "email"})

    response = csrf_client.post(reverse("consents:unsubscribe", kwargs={"token": forged}))

    assert response.status_code == 400
    assert consent_granted(subscribed, MarketingChannel.EMAIL)


def test_a_token_with_another_persons_id_is_refused(csrf_client, subscribed, make_customer):
    other = make_customer()
    payload = unsubscribe_token(other, MarketingChannel.EMAIL).rsplit(":", 1)[0]
    signature = unsubscribe_token(subscribed, MarketingChannel.EMAIL).rsplit(":", 1)[1]

    response = csrf_client.post(
        reverse("consents:unsubscribe", kwargs={"token": f"{payload}:{signature}"})
    )

    assert response.status_code == 400


def test_the_link_of_a_person_no_longer_in_the_register_changes_nothing(
    csrf_client, subscribed
) -> None:
    path = unsubscribe_path(subscribed, MarketingChannel.EMAIL)
    Customer.objects.filter(pk=subscribed.pk).delete()

    response = csrf_client.post(path)

    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action="consent.withdraw").exists()


def test_the_invalid_link_page_is_translated(client, subscribed, settings, tmp_path: Path):
    message = (
        "The link is incomplete or has been altered, so nothing was changed. Copy the whole "
        "link from the message, or use the unsubscribe link of a newer message. You can also "
        "sign in and withdraw your permissions on My account, or contact our customer service."
    )
    write_mo(
        tmp_path / "locale" / "fi" / "LC_MESSAGES" / "django.mo",
        {INVALID_TITLE: "Tämä peruutuslinkki ei toimi", message: "Linkki on vajaa."},
    )
    settings.LOCALE_PATHS = [tmp_path / "locale", *settings.LOCALE_PATHS]

    response = client.get(
        reverse("consents:unsubscribe", kwargs={"token": "rikki"}), HTTP_ACCEPT_LANGUAGE="fi"
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Tämä peruutuslinkki ei toimi" in html
    assert "Linkki on vajaa." in html


def test_the_headers_name_one_https_link_and_one_click_posting(subscribed) -> None:
    headers = unsubscribe_headers(subscribed, base_url="https://kauppa.example.fi/")

    token = unsubscribe_token(subscribed, MarketingChannel.EMAIL)
    assert headers == {
        "List-Unsubscribe": f"<https://kauppa.example.fi/markkinointi/peru/{token}/>",
        "List-Unsubscribe-Post": ONE_CLICK,
    }


def test_the_headers_link_works_as_given(csrf_client, subscribed) -> None:
    link = unsubscribe_headers(subscribed, base_url="https://kauppa.example.fi")["List-Unsubscribe"]
    path = link.strip("<>").removeprefix("https://kauppa.example.fi")

    csrf_client.post(path, data=ONE_CLICK, content_type="application/x-www-form-urlencoded")

    assert not consent_granted(subscribed, MarketingChannel.EMAIL)


@pytest.mark.parametrize(
    "base_url", ["http://kauppa.example.fi", "ftp://kauppa.example.fi", "kauppa.example.fi", ""]
)
def test_the_headers_need_an_https_base_url(subscribed, base_url) -> None:
    with pytest.raises(ValueError, match="https"):
        unsubscribe_headers(subscribed, base_url=base_url)


def test_plain_http_is_allowed_for_the_local_demo(subscribed) -> None:
    headers = unsubscribe_headers(subscribed, base_url="http://127.0.0.1:8000")
    assert headers["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/markkinointi/peru/")

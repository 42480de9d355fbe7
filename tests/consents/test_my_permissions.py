"""My account's marketing permissions page: signed-in customers only, their own data only,
one step to give and one step to withdraw, the switches explained, the history shown."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.consents.models import (
    ChangeSource,
    ConsentAction,
    ConsentRecord,
    MarketingChannel,
    PermissionText,
)
from rekisteri.consents.selectors import consent_granted, is_marketing_prohibited, is_restricted
from rekisteri.consents.services import consent_withdraw, permission_text_publish
from tests.consents.conftest import SYSTEM, current_text
from tests.fixtures.staff import sign_in_staff

pytestmark = pytest.mark.django_db

URL = reverse("consents:my_permissions")


def _grant_post(channel: MarketingChannel, text: PermissionText) -> dict[str, str]:
    return {
        "form": "consent",
        "channel": channel.value,
        "change": "grant",
        "text_version": str(text.pk),
    }


def _withdraw_post(channel: MarketingChannel) -> dict[str, str]:
    return {"form": "consent", "channel": channel.value, "change": "withdraw"}


def test_the_url_is_the_finnish_one() -> None:
    assert URL == "/oma-tili/markkinointiluvat/"


def test_a_visitor_who_has_not_signed_in_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))
    assert "next=" in response["Location"]


def test_the_page_is_listed_on_the_my_account_hub() -> None:
    from rekisteri.accounts.sections import my_account_sections

    sections = {section.key: section for section in my_account_sections.all()}
    assert sections["marketing"].url == URL


def test_an_account_without_a_customer_record_gets_404(client: Client, make_staff) -> None:
    sign_in_staff(client, make_staff(Role.REGISTER_MANAGER))

    assert client.get(URL).status_code == 404


def test_the_page_shows_every_channel_with_its_text_and_links_the_notice(signed_in_customer):
    client, _customer = signed_in_customer

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    for channel in MarketingChannel:
        assert current_text(channel, "en").text in html
        assert f'name="channel" value="{channel.value}"' in html
    assert reverse("privacy:register_description") in html
    assert 'id="prohibition"' in html
    assert 'id="restriction"' in html


def test_nothing_is_ticked_in_advance(signed_in_customer) -> None:
    client, customer = signed_in_customer

    html = client.get(URL).content.decode()

    assert html.count('name="change" value="grant"') == 3
    assert 'value="withdraw"' not in html
    assert not ConsentRecord.objects.filter(customer=customer).exists()


def test_giving_a_permission_takes_one_post_and_records_the_text_shown(signed_in_customer):
    client, customer = signed_in_customer
    text = current_text(MarketingChannel.EMAIL, "en")

    response = client.post(URL, _grant_post(MarketingChannel.EMAIL, text))

    assert response.status_code == 303
    record = ConsentRecord.objects.get(customer=customer)
    assert record.action == ConsentAction.GRANTED
    assert record.source == ChangeSource.PROFILE
    assert record.text_version == text
    event = AuditEvent.objects.get(action="consent.grant")
    assert event.actor_kind == "customer"


def test_withdrawing_takes_no_more_steps_than_giving(signed_in_customer) -> None:
    client, customer = signed_in_customer
    client.post(URL, _grant_post(MarketingChannel.SMS, current_text(MarketingChannel.SMS, "en")))

    page = client.get(URL).content.decode()
    assert 'name="change" value="withdraw"' in page
    response = client.post(URL, _withdraw_post(MarketingChannel.SMS))

    assert response.status_code == 303
    assert not consent_granted(customer, MarketingChannel.SMS)


def test_the_page_shows_the_persons_history_with_the_text_version(signed_in_customer) -> None:
    client, _customer = signed_in_customer
    client.post(URL, _grant_post(MarketingChannel.POST, current_text(MarketingChannel.POST, "en")))
    client.post(URL, _withdraw_post(MarketingChannel.POST))

    html = client.get(URL).content.decode()

    assert html.count("<tr>") == 3  # the header row and two records
    assert "Version 1 (English)" in html


def test_the_page_shows_only_the_signed_in_persons_data(signed_in_customer, make_customer, grant):
    client, _customer = signed_in_customer
    other = make_customer(first_name="Toinen", email="toinen@example.test")
    grant(other, MarketingChannel.EMAIL)
    consent_withdraw(
        actor=SYSTEM, customer=other, channel=MarketingChannel.SMS, source=ChangeSource.PROFILE
    )

    html = client.get(URL).content.decode()

    assert "toinen@example.test" not in html
    assert 'value="withdraw"' not in html
    assert "You have not given or withdrawn any permission yet." in html


def test_a_text_changed_while_reading_must_be_read_again(signed_in_customer, make_staff):
    client, customer = signed_in_customer
    shown = current_text(MarketingChannel.EMAIL, "en")
    permission_text_publish(
        actor=Actor.for_staff(make_staff(Role.MARKETING)),
        channel=MarketingChannel.EMAIL,
        language="en",
        text="Uusi sanamuoto.",
    )

    response = client.post(URL, _grant_post(MarketingChannel.EMAIL, shown))

    assert response.status_code == 400
    html = response.content.decode()
    assert "The text of this permission has just changed." in html
    assert 'id="channel-email-errors"' in html
    assert "Uusi sanamuoto." in html
    assert not ConsentRecord.objects.filter(customer=customer).exists()


def test_a_text_of_another_channel_is_refused(signed_in_customer) -> None:
    client, customer = signed_in_customer

    response = client.post(
        URL, _grant_post(MarketingChannel.EMAIL, current_text(MarketingChannel.POST, "en"))
    )

    assert response.status_code == 400
    assert not ConsentRecord.objects.filter(customer=customer).exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"form": "nonsense"},
        {"form": "consent", "channel": "fax", "change": "grant"},
        {"form": "consent", "channel": "email", "change": "grant"},
        {"form": "consent", "channel": "email", "change": "grant", "text_version": "x"},
        {"form": "switch", "switch": "everything", "turn": "on"},
        {"form": "switch", "switch": "restriction", "turn": "maybe"},
    ],
)
def test_unreadable_input_is_answered_with_400_and_saves_nothing(signed_in_customer, data):
    client, customer = signed_in_customer

    response = client.post(URL, data)

    assert response.status_code == 400
    assert "The change was not saved" in response.content.decode()
    assert not ConsentRecord.objects.filter(customer=customer).exists()
    assert not customer.privacy_switch_records.exists()


def test_the_prohibition_switch_is_one_step_each_way(signed_in_customer) -> None:
    client, customer = signed_in_customer
    on = {"form": "switch", "switch": "marketing_prohibition", "turn": "on"}

    assert client.post(URL, on).status_code == 303
    assert is_marketing_prohibited(customer)
    assert "You have prohibited direct marketing." in client.get(URL).content.decode()

    assert client.post(URL, {**on, "turn": "off"}).status_code == 303
    assert not is_marketing_prohibited(customer)


def test_the_restriction_switch_is_recorded_from_my_account(signed_in_customer) -> None:
    client, customer = signed_in_customer

    client.post(URL, {"form": "switch", "switch": "restriction", "turn": "on"})

    assert is_restricted(customer)
    record = customer.privacy_switch_records.get()
    assert record.source == ChangeSource.PROFILE


def test_a_swedish_reader_sees_and_agrees_to_the_swedish_text(signed_in_customer) -> None:
    client, customer = signed_in_customer
    swedish = current_text(MarketingChannel.EMAIL, "sv")

    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert swedish.text in html
    client.post(URL, _grant_post(MarketingChannel.EMAIL, swedish), HTTP_ACCEPT_LANGUAGE="sv")

    assert ConsentRecord.objects.get(customer=customer).text_version == swedish


def test_posting_without_a_csrf_token_is_refused(make_customer) -> None:
    customer = make_customer(account=True)
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(customer.user)

    response = client.post(URL, _withdraw_post(MarketingChannel.EMAIL))

    assert response.status_code == 403
    assert not ConsentRecord.objects.filter(customer=customer).exists()


def test_an_unconfirmed_address_is_pointed_out(client: Client, make_customer) -> None:
    customer = make_customer(account=True, confirmed=False)
    client.force_login(customer.user)

    html = client.get(URL).content.decode()

    assert "Your current address is not confirmed yet" in html

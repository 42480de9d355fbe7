"""Email campaigns: who gets one, the messages and their unsubscribe links, sending in
batches that never send twice, the audit trail, and who may write and send."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.consents.models import ConsentAction, ConsentRecord, MarketingChannel
from rekisteri.consents.selectors import consent_granted
from rekisteri.customers.models import Customer
from rekisteri.marketing.models import (
    Campaign,
    CampaignDelivery,
    CampaignStatus,
    DeliveryStatus,
)
from rekisteri.marketing.selectors import campaign_delivery_counts, campaign_recipients
from rekisteri.marketing.services import (
    campaign_create,
    campaign_send_batch,
    campaign_send_order,
    campaigns_send,
)
from tests.marketing.conftest import buy, prohibit, restrict, withdraw

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")
EMAIL = (MarketingChannel.EMAIL,)


def _campaign(
    *, language: str = "fi", soft_opt_in: bool = False, actor: Actor = SYSTEM
) -> Campaign:
    return campaign_create(
        actor=actor,
        subject="Kevään uudet ilmapallot",
        body="Uudet värit ovat tulleet & hinnat ovat <hyvät>.",
        language=language,
        soft_opt_in=soft_opt_in,
    )


def _recipients(campaign: Campaign) -> set[Customer]:
    return set(campaign_recipients(campaign))


# Who gets a campaign.


def test_a_campaign_goes_to_exactly_the_people_with_a_valid_email_basis(make_customer) -> None:
    included = make_customer(channels=EMAIL)
    make_customer()  # no basis
    withdrawn = make_customer(channels=EMAIL)
    withdraw(withdrawn)
    prohibited = make_customer(channels=EMAIL)
    prohibit(prohibited)
    restricted = make_customer(channels=EMAIL)
    restrict(restricted)
    make_customer(confirmed=False, channels=EMAIL)  # address not confirmed
    make_customer(channels=EMAIL, preferred_language="sv")  # another language
    make_customer(channels=(MarketingChannel.SMS, MarketingChannel.POST))  # other channels only
    buy(make_customer())  # a buyer, but the campaign is not limited to own similar products

    assert _recipients(_campaign()) == {included}


def test_a_swedish_campaign_goes_to_swedish_speakers(make_customer) -> None:
    make_customer(channels=EMAIL)
    swede = make_customer(channels=EMAIL, preferred_language="sv")

    assert _recipients(_campaign(language="sv")) == {swede}


def test_the_soft_opt_in_reaches_buyers_who_never_answered(make_customer) -> None:
    permitted = make_customer(channels=EMAIL)
    buyer = make_customer()
    buy(buyer)
    make_customer()  # never bought
    said_no = make_customer()
    buy(said_no)
    withdraw(said_no)  # a "no" without any earlier permission ends the soft opt-in
    unconfirmed_buyer = make_customer(confirmed=False)
    buy(unconfirmed_buyer)
    prohibited_buyer = make_customer()
    buy(prohibited_buyer)
    prohibit(prohibited_buyer)

    assert _recipients(_campaign(soft_opt_in=True)) == {permitted, buyer}


def test_a_cancelled_order_is_no_purchase(make_customer) -> None:
    from rekisteri.orders.models import Order, OrderStatus, PaymentMethod

    person = make_customer()
    Order.objects.create(
        customer=person, status=OrderStatus.CANCELLED, payment_method=PaymentMethod.PAYTRAIL
    )

    assert _recipients(_campaign(soft_opt_in=True)) == set()


# Sending.


def test_each_message_has_its_own_working_one_click_unsubscribe(make_customer, settings) -> None:
    settings.REKISTERI_SITE_URL = "https://kauppa.example"
    first, second = make_customer(channels=EMAIL), make_customer(channels=EMAIL)
    campaign = _campaign()
    campaign_send_order(actor=SYSTEM, campaign=campaign)

    report = campaigns_send(actor=SYSTEM)

    assert report.sent == 2 and report.campaigns_finished == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])
    links = set()
    for message in mail.outbox:
        assert message.subject == "Kevään uudet ilmapallot"
        # Plain text: the marketer's characters are not HTML-escaped.
        assert "Uudet värit ovat tulleet & hinnat ovat <hyvät>." in message.body
        header = message.extra_headers["List-Unsubscribe"]
        assert header.startswith("<https://kauppa.example/") and header.endswith(">")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        url = header[1:-1]
        assert url in message.body  # the same link, visible to the reader
        links.add(url)
    assert len(links) == 2

    # The mail client's one-click POST (RFC 8058): no cookie, no CSRF token.
    message = next(m for m in mail.outbox if m.to == [first.email])
    path = message.extra_headers["List-Unsubscribe"][1:-1].removeprefix("https://kauppa.example")
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert not consent_granted(first, MarketingChannel.EMAIL)
    assert consent_granted(second, MarketingChannel.EMAIL)
    latest = ConsentRecord.objects.filter(customer=first).order_by("-id").first()
    assert latest is not None and latest.action == ConsentAction.WITHDRAWN


def test_messages_are_in_the_campaigns_language(make_customer) -> None:
    make_customer(channels=EMAIL, preferred_language="en")
    campaign_send_order(actor=SYSTEM, campaign=_campaign(language="en"))

    campaigns_send(actor=SYSTEM)

    assert "To receive no more marketing email from us" in mail.outbox[0].body


def test_a_campaign_is_sent_in_batches_each_recorded(make_customer) -> None:
    people = [make_customer(channels=EMAIL) for _ in range(5)]
    campaign = _campaign()
    campaign_send_order(actor=SYSTEM, campaign=campaign)

    results = []
    while not (
        result := campaign_send_batch(actor=SYSTEM, campaign=campaign, batch_size=2)
    ).finished:
        results.append(result.sent)

    assert results == [2, 2, 1]
    assert len(mail.outbox) == len(people)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT and campaign.finished_at is not None
    batches = AuditEvent.objects.filter(action="marketing.campaign_batch").order_by("sequence")
    assert [event.detail["messages"] for event in batches] == [2, 2, 1]
    sent = AuditEvent.objects.get(action="marketing.campaign_sent")
    assert sent.detail == {"campaign": campaign.pk, "sent": 5, "failed": 0, "unknown": 0}
    assert set(CampaignDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_a_withdrawal_during_sending_is_honoured_for_the_rest(make_customer) -> None:
    people = [make_customer(channels=EMAIL) for _ in range(4)]
    campaign = _campaign()
    campaign_send_order(actor=SYSTEM, campaign=campaign)
    campaign_send_batch(actor=SYSTEM, campaign=campaign, batch_size=2)

    withdraw(people[3])
    campaigns_send(actor=SYSTEM, batch_size=2)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people[:3])


class _CrashingBackend(EmailBackend):
    """Delivers two messages, then the process "dies" (an exception no handler catches)."""

    def send_messages(self, messages: Any) -> int:
        if len(mail.outbox) >= 2:
            raise KeyboardInterrupt
        return super().send_messages(messages)


def test_a_crash_midway_sends_no_one_twice(make_customer, settings) -> None:
    people = [make_customer(channels=EMAIL) for _ in range(7)]
    campaign = _campaign()
    campaign_send_order(actor=SYSTEM, campaign=campaign)
    settings.EMAIL_BACKEND = f"{__name__}._CrashingBackend"

    with pytest.raises(KeyboardInterrupt):
        campaigns_send(actor=SYSTEM, batch_size=3)
    assert len(mail.outbox) == 2

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    campaigns_send(actor=SYSTEM, batch_size=3)

    addresses = [m.to[0] for m in mail.outbox]
    assert len(addresses) == len(set(addresses))
    # The one whose message was interrupted is not sent again (at most once); the rest are.
    assert len(addresses) == len(people) - 1
    counts = campaign_delivery_counts(campaign)
    assert (counts.sent, counts.failed, counts.unknown) == (6, 0, 1)
    # Running the job again sends nothing more.
    assert campaigns_send(actor=SYSTEM).sent == 0
    assert len(mail.outbox) == len(people) - 1


class _RefusingBackend(EmailBackend):
    """The mail server refuses one address."""

    def send_messages(self, messages: Any) -> int:
        if any(address.startswith("person2@") for m in messages for address in m.to):
            raise OSError("550 no such user")
        return super().send_messages(messages)


def test_a_refused_address_is_marked_failed_and_the_rest_go(make_customer, settings) -> None:
    for _ in range(3):
        make_customer(channels=EMAIL)
    campaign = _campaign()
    campaign_send_order(actor=SYSTEM, campaign=campaign)
    settings.EMAIL_BACKEND = f"{__name__}._RefusingBackend"

    report = campaigns_send(actor=SYSTEM)

    assert (report.sent, report.failed) == (2, 1)
    assert AuditEvent.objects.get(action="marketing.campaign_sent").detail["failed"] == 1


def test_the_campaigns_send_command_sends_and_reports_counts(make_customer, capsys) -> None:
    make_customer(channels=EMAIL)
    campaign_send_order(actor=SYSTEM, campaign=_campaign())

    call_command("campaigns_send", "--batch-size", "10")

    assert len(mail.outbox) == 1
    assert "messages sent 1" in capsys.readouterr().out


def test_a_draft_is_never_sent(make_customer) -> None:
    make_customer(channels=EMAIL)
    _campaign()

    assert campaigns_send(actor=SYSTEM).sent == 0
    assert mail.outbox == []


def test_only_the_system_job_sends(make_staff) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        campaigns_send(actor=Actor.for_staff(make_staff(Role.MARKETING)))


# The pages.


NEW = reverse("staff:marketing_campaign_new")
LIST = reverse("staff:marketing_campaigns")


def _new(client: Client, **overrides: Any) -> Any:
    data = {"subject": "Syysale", "body": "Kaikki pallot -20 %.", "language": "fi", **overrides}
    with translation.override("en"):
        return client.post(NEW, data)


def test_marketing_writes_previews_and_sends_a_campaign(staff_client, make_customer) -> None:
    for _ in range(3):
        make_customer(channels=EMAIL)
    hidden = make_customer(channels=EMAIL, first_name="Salainen")
    client = staff_client(Role.MARKETING)

    response = _new(client)
    assert response.status_code == 303
    campaign = Campaign.objects.get()
    created = AuditEvent.objects.get(action="marketing.campaign_create")
    assert created.detail == {"campaign": campaign.pk, "language": "fi", "soft_opt_in": False}

    with translation.override("en"):
        page = client.get(response["Location"])
    assert b"If sent now, 4 people would get this campaign." in page.content
    # The preview is a count only: no one is named.
    assert hidden.email.encode() not in page.content and b"Salainen" not in page.content

    with translation.override("en"):
        sent = client.post(reverse("staff:marketing_campaign_send", args=[campaign.pk]))
    assert sent.status_code == 303
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.QUEUED
    assert AuditEvent.objects.get(action="marketing.campaign_send_order").detail == {
        "campaign": campaign.pk,
        "recipients": 4,
    }
    assert mail.outbox == []  # the scheduler's job sends it

    campaigns_send(actor=SYSTEM)
    assert len(mail.outbox) == 4
    with translation.override("en"):
        page = client.get(reverse("staff:marketing_campaign", args=[campaign.pk]))
    assert b"Messages sent" in page.content


def test_a_campaign_cannot_be_sent_twice(staff_client, make_customer) -> None:
    make_customer(channels=EMAIL)
    campaign = _campaign()
    client = staff_client(Role.MARKETING)
    url = reverse("staff:marketing_campaign_send", args=[campaign.pk])
    client.post(url)

    with translation.override("en"):
        again = client.post(url)

    assert again.status_code == 400
    assert b"already been sent" in again.content
    assert AuditEvent.objects.filter(action="marketing.campaign_send_order").count() == 1


def test_a_campaign_no_one_would_get_is_not_sent(staff_client) -> None:
    campaign = _campaign()

    with translation.override("en"):
        response = staff_client(Role.MARKETING).post(
            reverse("staff:marketing_campaign_send", args=[campaign.pk])
        )

    assert response.status_code == 400
    assert b"No one would receive this campaign" in response.content
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT


@pytest.mark.parametrize(
    "overrides",
    [
        {"subject": ""},
        {"subject": "   "},
        {"body": ""},
        {"body": "x" * 20_001},
        {"subject": "x" * 151},
        {"language": "de"},
        {"language": ""},
    ],
)
def test_a_bad_campaign_gets_400_and_saves_nothing(staff_client, overrides) -> None:
    response = _new(staff_client(Role.MARKETING), **overrides)

    assert response.status_code == 400
    assert not Campaign.objects.exists()
    assert not AuditEvent.objects.filter(action="marketing.campaign_create").exists()


def test_a_subject_cannot_smuggle_mail_headers(staff_client) -> None:
    response = _new(staff_client(Role.MARKETING), subject="Ale\r\nBcc: all@example.test")

    # The line break is folded into a space: the subject stays one header.
    assert response.status_code == 303
    assert Campaign.objects.get().subject == "Ale Bcc: all@example.test"


def test_an_unknown_campaign_is_404(staff_client) -> None:
    client = staff_client(Role.MARKETING)

    assert client.get(reverse("staff:marketing_campaign", args=[999])).status_code == 404
    assert client.post(reverse("staff:marketing_campaign_send", args=[999])).status_code == 404


OTHER_ROLES = [
    Role.CUSTOMER_SERVICE,
    Role.WAREHOUSE,
    Role.CREDIT_CONTROL,
    Role.REGISTER_MANAGER,
    Role.ADMINISTRATOR,
    Role.CATALOGUE,
]


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_may_not_reach_the_campaigns(staff_client, make_customer, role) -> None:
    make_customer(channels=EMAIL)
    campaign = _campaign()
    client: Client = staff_client(role)
    pages: list[tuple[Callable[..., Any], str]] = [
        (client.get, LIST),
        (client.get, NEW),
        (client.get, reverse("staff:marketing_campaign", args=[campaign.pk])),
        (client.post, reverse("staff:marketing_campaign_send", args=[campaign.pk])),
    ]
    for method, url in pages:
        assert method(url).status_code == 403, url
    assert _new(client).status_code == 403
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT
    assert Campaign.objects.count() == 1


def test_services_refuse_other_roles(make_staff) -> None:
    from django.core.exceptions import PermissionDenied

    actor = Actor.for_staff(make_staff(Role.CUSTOMER_SERVICE))
    with pytest.raises(PermissionDenied):
        _campaign(actor=actor)
    campaign = _campaign()
    with pytest.raises(PermissionDenied):
        campaign_send_order(actor=actor, campaign=campaign)

"""Registration: an account and its customer record made together, audited, with separate
unticked marketing permissions, and the same answer whether or not the address is taken."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from rekisteri.accounts import services
from rekisteri.accounts.models import EmailConfirmation, PendingRegistration, User
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.consents.models import ConsentRecord, MarketingChannel
from rekisteri.consents.selectors import permission_text_current
from rekisteri.consents.services import permission_text_publish
from rekisteri.customers.models import Channel, Customer
from tests.accounts.conftest import REGISTRATION, Registered

pytestmark = pytest.mark.django_db

URL = reverse("accounts:register")


def post(client: Client, **changes: str) -> Any:
    return client.post(URL, {**REGISTRATION, **changes}, HTTP_ACCEPT_LANGUAGE="en")


def test_registration_makes_the_account_and_its_customer_record(client: Client) -> None:
    response = post(client)

    assert response.status_code == 303
    assert response["Location"] == reverse("accounts:register_done")
    user = User.objects.get(email="aino.ilmanen@example.fi")
    customer = Customer.objects.get(user=user)
    assert customer.channel == Channel.REGISTRATION
    assert (customer.first_name, customer.last_name) == ("Aino", "Ilmanen")
    assert customer.email == user.email
    assert customer.city == "Espoo"
    assert user.check_password(REGISTRATION["password"])
    assert not user.is_staff


def test_registration_is_audited_under_the_pseudonymous_id(client: Client) -> None:
    post(client)

    customer = Customer.objects.get()
    events = {e.action: e for e in AuditEvent.objects.filter(subject=str(customer.public_id))}
    assert {"customer.create", "account.register"} <= set(events)
    assert events["customer.create"].detail == {"channel": "registration"}
    assert set(events["account.register"].categories) == {
        "user.account.username",
        "user.authorization.password",
    }
    audit_text = str(list(AuditEvent.objects.values()))
    for value in ("aino", "Ilmanen", "Pallokuja", "+358 40 111 2222"):
        assert value not in audit_text


def test_the_new_account_is_pending_until_its_address_is_confirmed(client: Client) -> None:
    post(client)

    user = User.objects.get()
    assert PendingRegistration.objects.filter(user=user).exists()
    assert EmailConfirmation.objects.filter(user=user, used_at__isnull=True).count() == 1


def test_a_confirmation_mail_goes_out_with_a_link_but_no_address_in_it(
    client: Client, mails
) -> None:
    with mails():
        post(client)

    (message,) = mail.outbox
    assert message.to == ["aino.ilmanen@example.fi"]
    links = re.findall(r"https?://\S+", message.body)
    assert len(links) == 1
    assert "/vahvista-sahkoposti/" in links[0]
    assert "aino" not in links[0].lower()
    assert "example.fi" not in links[0]


def test_the_marketing_permissions_are_separate_and_unticked(client: Client) -> None:
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    for channel in MarketingChannel:
        box = re.search(rf'<input[^>]*name="marketing_{channel.value}"[^>]*>', page)
        assert box, channel
        assert 'type="checkbox"' in box.group(0)
        assert "checked" not in box.group(0)
        text = permission_text_current(channel, "en")
        assert text is not None
        assert text.text in page


def test_registering_without_ticking_records_no_permission(client: Client) -> None:
    post(client)

    assert not ConsentRecord.objects.exists()


def test_a_ticked_permission_is_recorded_with_the_text_version_shown(client: Client) -> None:
    shown = permission_text_current(MarketingChannel.SMS, "en")
    assert shown is not None

    post(client, marketing_sms="on", marketing_sms_text=str(shown.pk))

    (record,) = ConsentRecord.objects.all()
    assert record.channel == MarketingChannel.SMS
    assert record.granted
    assert record.source == "registration"
    assert record.text_version_id == shown.pk


def test_the_page_posts_back_the_version_of_each_text_it_shows(client: Client) -> None:
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    for channel in MarketingChannel:
        text = permission_text_current(channel, "en")
        assert text is not None
        assert f'name="marketing_{channel.value}_text" value="{text.pk}"' in page


def test_a_text_published_while_the_form_was_open_does_not_change_what_was_agreed(
    client: Client,
) -> None:
    shown = permission_text_current(MarketingChannel.EMAIL, "en")
    assert shown is not None
    permission_text_publish(
        actor=Actor.system("test"),
        channel=MarketingChannel.EMAIL,
        language="en",
        text="A newer wording of the email permission.",
    )

    post(client, marketing_email="on", marketing_email_text=str(shown.pk))

    assert ConsentRecord.objects.get().text_version_id == shown.pk


def test_the_form_links_to_the_register_description(client: Client) -> None:
    page = client.get(URL).content.decode()

    assert f'href="{reverse("privacy:register_description")}"' in page


def test_the_form_offers_the_three_languages_and_preselects_the_pages(client: Client) -> None:
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="sv").content.decode()

    for code in ("fi", "sv", "en"):
        assert f'<option value="{code}"' in page
    assert '<option value="sv" selected>' in page


@pytest.mark.parametrize("missing", ["first_name", "last_name", "email", "password"])
def test_a_missing_required_field_is_refused_at_the_field(client: Client, missing: str) -> None:
    response = post(client, **{missing: ""})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert f'id="id_{missing}_error"' in page
    assert not User.objects.exists()
    assert not Customer.objects.exists()


def test_an_unknown_language_is_refused(client: Client) -> None:
    response = post(client, preferred_language="de")

    assert response.status_code == 400
    assert not User.objects.exists()


def test_a_taken_address_gets_the_same_page_and_a_mail_to_its_owner(
    client: Client, register: Callable[..., Registered], mails
) -> None:
    existing = register()
    mail.outbox.clear()

    with mails():
        response = post(client, email=existing.email.upper())

    assert response.status_code == 303
    assert response["Location"] == reverse("accounts:register_done")
    assert User.objects.count() == 1
    assert Customer.objects.count() == 1
    (message,) = mail.outbox
    assert message.to == [existing.email]
    assert "/kirjaudu/" in message.body
    event = AuditEvent.objects.get(action="account.register_existing")
    assert event.subject == str(existing.customer.public_id)


def test_a_staff_members_address_gets_the_same_page_and_no_customer_record(
    client: Client, make_staff, mails
) -> None:
    staff = make_staff()

    with mails():
        response = post(client, email=staff.email)

    assert response.status_code == 303
    assert response["Location"] == reverse("accounts:register_done")
    assert not Customer.objects.exists()
    assert not mail.outbox
    assert AuditEvent.objects.filter(action="account.register_existing").exists()


def test_a_signed_in_customer_is_sent_to_my_account(
    client: Client, signed_in: Callable[..., Registered]
) -> None:
    signed_in()

    response = client.get(URL)

    assert response.status_code == 303
    assert response["Location"] == reverse("accounts:my_account")


# The service directly.


def test_the_service_saves_nothing_when_the_customer_data_is_invalid(
    django_capture_on_commit_callbacks,
) -> None:
    values = {**REGISTRATION, "phone": "9" * 41}  # longer than the phone column

    with pytest.raises(ValidationError), django_capture_on_commit_callbacks(execute=True):
        services.account_register(actor=Actor.public(), **values)

    assert not User.objects.exists()
    assert not Customer.objects.exists()
    assert not PendingRegistration.objects.exists()
    assert not AuditEvent.objects.exists()
    assert not mail.outbox


def test_the_service_refuses_a_staff_member_as_the_actor(make_staff) -> None:
    staff = make_staff()

    with pytest.raises(PermissionDenied):
        services.account_register(actor=Actor.for_staff(staff), **REGISTRATION)

    assert not Customer.objects.exists()
    assert not AuditEvent.objects.filter(action="account.register").exists()


def test_the_confirmation_mail_is_in_the_persons_language(client: Client, swedish, mails) -> None:
    swedish({"Confirm your email address": "Bekräfta din e-postadress"})

    with mails():
        post(client, preferred_language="sv")  # the page itself is in English

    (message,) = mail.outbox
    assert message.subject == "Bekräfta din e-postadress"

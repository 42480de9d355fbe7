"""Permission texts: versioned per channel and language; a published version never changes,
and grants keep pointing at the version their person saw."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.consents.models import ConsentRecord, MarketingChannel, PermissionText
from rekisteri.consents.selectors import permission_text_current, permission_text_versions
from rekisteri.consents.services import permission_text_publish
from tests.consents.conftest import current_text

pytestmark = pytest.mark.django_db

NEW_WORDING = "Haluan saada Ilmapallokeskuksen kuukausikirjeen sähköpostitse."


def test_the_first_version_of_every_channel_exists_in_finnish_swedish_and_english() -> None:
    for channel in MarketingChannel:
        for language in ["fi", "sv", "en"]:
            text = PermissionText.objects.get(channel=channel, language=language)
            assert text.version == 1
            assert text.text.strip()


def test_the_finnish_email_text_asks_for_email_marketing_only() -> None:
    text = current_text(MarketingChannel.EMAIL, "fi").text
    assert text.startswith("Haluan saada Ilmapallokeskuksen tarjouksia ja uutisia sähköpostitse.")
    assert "perua" in text


def test_marketing_publishes_a_new_version_and_the_old_one_stays_as_it_was(make_staff) -> None:
    old = current_text(MarketingChannel.EMAIL, "fi")
    old_words = old.text
    actor = Actor.for_staff(make_staff(Role.MARKETING))

    new = permission_text_publish(
        actor=actor, channel=MarketingChannel.EMAIL, language="fi", text=NEW_WORDING
    )

    assert new.pk != old.pk
    assert new.version == 2
    assert permission_text_current(MarketingChannel.EMAIL, "fi") == new
    old.refresh_from_db()
    assert old.text == old_words
    assert list(permission_text_versions(MarketingChannel.EMAIL, "fi")) == [new, old]


def test_publishing_a_text_is_audited_with_codes_only(make_staff) -> None:
    actor = Actor.for_staff(make_staff(Role.REGISTER_MANAGER))

    permission_text_publish(
        actor=actor, channel=MarketingChannel.SMS, language="sv", text="Ny text för sms."
    )

    event = AuditEvent.objects.get(action="consent.text_publish")
    assert event.actor_ref == actor.ref
    assert event.detail == {"channel": "sms", "language": "sv", "version": 2}


@pytest.mark.parametrize(
    "roles", [(Role.CUSTOMER_SERVICE,), (Role.ADMINISTRATOR,), (Role.WAREHOUSE,), ()]
)
def test_other_staff_may_not_publish_a_text(make_staff, roles) -> None:
    actor = Actor.for_staff(make_staff(*roles))

    with pytest.raises(PermissionDenied):
        permission_text_publish(
            actor=actor, channel=MarketingChannel.EMAIL, language="fi", text=NEW_WORDING
        )

    assert PermissionText.objects.filter(channel="email", language="fi").count() == 1
    assert not AuditEvent.objects.filter(action="consent.text_publish").exists()


def test_publishing_the_current_wording_again_makes_no_new_version(make_staff) -> None:
    actor = Actor.for_staff(make_staff(Role.MARKETING))
    current = current_text(MarketingChannel.POST, "en")

    again = permission_text_publish(
        actor=actor, channel=MarketingChannel.POST, language="en", text=f"  {current.text}\n"
    )

    assert again == current
    assert not AuditEvent.objects.filter(action="consent.text_publish").exists()


@pytest.mark.parametrize("text", ["", "   \n ", "x" * 1001, "nolla\x00merkki"])
def test_an_empty_too_long_or_unstorable_text_is_refused(make_staff, text) -> None:
    actor = Actor.for_staff(make_staff(Role.MARKETING))

    with pytest.raises(ValidationError):
        permission_text_publish(
            actor=actor, channel=MarketingChannel.EMAIL, language="fi", text=text
        )

    assert PermissionText.objects.filter(channel="email", language="fi").count() == 1


def test_old_grants_still_point_at_the_version_their_person_saw(make_staff, make_customer, grant):
    customer = make_customer()
    first = current_text(MarketingChannel.EMAIL)
    grant(customer)

    permission_text_publish(
        actor=Actor.for_staff(make_staff(Role.MARKETING)),
        channel=MarketingChannel.EMAIL,
        language="fi",
        text=NEW_WORDING,
    )

    record = ConsentRecord.objects.get(customer=customer)
    assert record.text_version == first
    assert record.text_version.text != NEW_WORDING


def test_a_published_text_cannot_be_edited_in_place() -> None:
    text = current_text(MarketingChannel.EMAIL)
    text.text = "Muutettu"
    with pytest.raises(TypeError):
        text.save()
    text.refresh_from_db()
    assert text.text != "Muutettu"

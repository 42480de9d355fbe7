"""The public register description: generated from the data map, versioned, in three
languages, and with every item the law asks for (L1, L10)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import models
from django.test.utils import isolate_apps
from django.urls import reverse
from django.utils import translation

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.privacy.datamap import (
    DataSubject,
    Erasure,
    LegalBasis,
    Personal,
    Purpose,
    Source,
    Subregister,
    datamap,
)
from rekisteri.privacy.datamap.categories import category
from rekisteri.privacy.datamap.retention import after_event
from rekisteri.privacy.models import NoticeVersion
from rekisteri.privacy.notice.document import current_documents
from rekisteri.privacy.notice.services import notice_publish_if_changed

pytestmark = pytest.mark.django_db

REQUIRED_SECTIONS = [
    "controller",
    "contact",
    "register",
    "purposes",
    "subjects",
    "content",
    "sources",
    "recipients",
    "transfers",
    "retention",
    "rights",
    "complaint",
    "requirement",
    "automated",
    "security",
]


def test_the_page_is_public_and_has_every_required_section(client, organisation) -> None:
    response = client.get(reverse("privacy:register_description"))
    assert response.status_code == 200
    html = response.content.decode()
    for section in REQUIRED_SECTIONS:
        assert f'id="{section}"' in html, section
    for fact in [
        "Ilmapallokeskus Balloon Center Oy",
        "0860817-6",
        "Koskelontie 25 C",
        "02920 Espoo",
        "09-8545 100",
        "Jonna Nieminen",
        "+358 40 702 8998",
        "+358 9 550 055",
    ]:
        assert fact in html, fact
    assert "version 1" in html.lower() or "versio 1" in html.lower()


def test_every_mapped_customer_category_and_subregister_appears(organisation) -> None:
    document = current_documents()["en"]
    text = str(document)
    with translation.override("en"):
        for subregister in datamap.subregisters():
            if subregister.in_register_description:
                assert str(subregister.title) in text
        for mapped in datamap.mapped_fields():
            if mapped.subregister.in_register_description:
                assert str(category(mapped.personal.category).title) in text


def test_staff_only_subregisters_stay_out_of_the_public_notice(organisation) -> None:
    text = str(current_documents()["en"])
    assert "Contact person for register matters" in text  # the section, with the name
    assert "The employee named in the register description" not in text


# What a reader of each language must find (L1, L10): the controller, the rights, and the
# authority to complain to, in that language's own words.
LANGUAGE_MARKERS = {
    "fi": [
        "Rekisterinpitäjä",
        "Rekisteriasioista vastaava henkilö",
        "Tietosuojavaltuutetun toimisto",
        "tarkastusoikeus",
        "Tietojen siirrot EU:n tai ETA:n ulkopuolelle",
    ],
    "sv": ["Personuppgiftsansvarig", "Dataombudsmannen", "Överföring"],
    "en": ["Controller", "Data Protection Ombudsman", "Transfers outside the EU or the EEA"],
}


@pytest.mark.parametrize("code", ["fi", "sv", "en"])
def test_each_language_is_served_in_its_own_words(client, organisation, code) -> None:
    url = reverse("privacy:register_description")
    html = client.get(url, HTTP_ACCEPT_LANGUAGE=code).content.decode()
    assert f'lang="{code}"' in html
    for marker in LANGUAGE_MARKERS[code]:
        assert marker.lower() in html.lower(), (code, marker)


def test_the_language_selector_switches_the_page(client, organisation) -> None:
    url = reverse("privacy:register_description")
    response = client.post(reverse("set_language"), {"language": "sv", "next": url})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert 'lang="sv"' in html
    assert "Personuppgiftsansvarig" in html


def test_finnish_is_the_default_language(client, organisation) -> None:
    response = client.get(reverse("privacy:register_description"))
    assert 'lang="fi"' in response.content.decode()


def test_a_material_change_makes_a_new_version_and_the_old_stays_readable(
    client, organisation
) -> None:
    first = notice_publish_if_changed(actor=Actor.system("test"))
    assert notice_publish_if_changed(actor=Actor.system("test")).number == first.number
    from rekisteri.organisation.models import Organisation

    Organisation.objects.filter(pk=1).update(contact_person_name="Maija Virtanen")
    second = notice_publish_if_changed(actor=Actor.system("test"))
    assert second.number == first.number + 1
    assert AuditEvent.objects.filter(action="notice.publish").count() >= 2

    current = client.get(reverse("privacy:register_description")).content.decode()
    assert "Maija Virtanen" in current
    old = client.get(
        reverse("privacy:register_description_version", args=[first.number])
    ).content.decode()
    assert "Jonna Nieminen" in old
    assert "Maija Virtanen" not in old
    missing = client.get(reverse("privacy:register_description_version", args=[999]))
    assert missing.status_code == 404


@isolate_apps("tests")
def test_a_new_mapped_model_appears_in_the_notice_without_notice_code(organisation) -> None:
    class GiftCard(models.Model):
        recipient_name = models.CharField(max_length=100)
        amount = models.IntegerField()

        class Meta:
            app_label = "tests"

    gift_cards = Subregister(
        "gift_cards",
        title="Gift cards",
        description="Gift cards bought for someone else.",
        subjects=DataSubject.CUSTOMERS,
        purposes=(
            Purpose(
                "essential.service.gift_cards",
                "delivering gift cards",
                LegalBasis.CONTRACT,
                extension=True,
            ),
        ),
        retention=after_event(key="gift_card", event="the card is used", years=2),
    )
    before = notice_publish_if_changed(actor=Actor.system("test"))
    with datamap.extended():
        datamap.register(
            GiftCard,
            subregister=gift_cards,
            non_personal=["amount"],
            fields={
                "recipient_name": Personal(
                    "user.name",
                    source=Source.GIVEN,
                    erase=Erasure.DELETE,
                    read=frozenset({Role.CUSTOMER_SERVICE}),
                ),
            },
        )
        after = notice_publish_if_changed(actor=Actor.system("test"))
        english = after.content["en"]
    assert after.number == before.number + 1
    text = str(english)
    assert "Gift cards: Gift cards bought for someone else." in text
    assert "delivering gift cards" in text
    assert "2 years after the card is used" in text


def test_the_command_prints_markdown_in_each_language(organisation) -> None:
    outputs = {}
    for code in ("fi", "sv", "en"):
        out = io.StringIO()
        call_command("register_description", "--lang", code, stdout=out)
        outputs[code] = out.getvalue()
        assert outputs[code].startswith("# ")
        assert "Ilmapallokeskus Balloon Center Oy" in outputs[code]
        assert "| " in outputs[code]  # tables
    assert len(NoticeVersion.objects.all()) == 1


def test_the_command_can_print_an_earlier_version(organisation) -> None:
    notice_publish_if_changed(actor=Actor.system("test"))
    from rekisteri.organisation.models import Organisation

    Organisation.objects.filter(pk=1).update(contact_person_name="Maija Virtanen")
    out = io.StringIO()
    call_command("register_description", "--lang", "en", "--number", "1", stdout=out)
    assert "Jonna Nieminen" in out.getvalue()

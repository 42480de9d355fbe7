"""The public contest pages: anyone may enter; bad input gets its message and a 400."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rekisteri.audit.models import AuditEvent
from rekisteri.consents.models import ConsentRecord, MarketingChannel, PermissionText
from rekisteri.contests.models import Contest, ContestEntry
from rekisteri.customers.models import Customer
from tests.contests.factories import email_permission_text, enter, open_contest

pytestmark = pytest.mark.django_db


def detail_url(contest: Contest) -> str:
    return reverse("contests:detail", args=[contest.pk])


def post_data(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Liisa Lentäjä",
        "email": "liisa@example.fi",
        "answer": "Kolmesataa",
        "marketing_text": str(email_permission_text().pk),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def post(client: Client, contest: Contest, **overrides: str) -> Any:
    return client.post(detail_url(contest), post_data(**overrides), HTTP_ACCEPT_LANGUAGE="en")


def saved() -> tuple[int, int, int]:
    return ContestEntry.objects.count(), Customer.objects.count(), AuditEvent.objects.count()


# --- showing -----------------------------------------------------------------------------


def test_the_list_shows_open_contests_only(client: Client) -> None:
    now = timezone.now()
    open_contest(title="Auki nyt")
    open_contest(
        title="Tulossa",
        starts_at=now + datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=2),
    )
    open_contest(
        title="Päättynyt",
        starts_at=now - datetime.timedelta(days=3),
        ends_at=now - datetime.timedelta(days=2),
    )

    page = client.get(reverse("contests:list")).content.decode()

    assert "Auki nyt" in page
    assert "Tulossa" not in page
    assert "Päättynyt" not in page


def test_a_contest_not_yet_started_is_not_found(client: Client) -> None:
    now = timezone.now()
    contest = open_contest(
        starts_at=now + datetime.timedelta(days=1), ends_at=now + datetime.timedelta(days=2)
    )
    assert client.get(detail_url(contest)).status_code == 404


def test_the_entry_form_links_to_the_register_description(client: Client) -> None:
    page = client.get(detail_url(open_contest())).content.decode()
    assert f'href="{reverse("privacy:register_description")}"' in page


def test_the_marketing_permission_box_is_unticked_and_shows_the_permission_text(
    client: Client,
) -> None:
    text = email_permission_text("en")
    page = client.get(detail_url(open_contest()), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    box = re.search(r'<input[^>]*name="marketing_permission"[^>]*>', page)
    assert box is not None
    assert "checked" not in box.group(0)
    assert text.text in page
    assert f'name="marketing_text" value="{text.pk}"' in page


def test_every_field_has_a_label(client: Client) -> None:
    email_permission_text("fi")
    page = client.get(detail_url(open_contest(consent_based=True))).content.decode()
    for name in ("name", "email", "answer", "age_confirmed", "marketing_permission"):
        assert f'<label for="id_{name}"' in page


def test_the_question_labels_the_answer(client: Client) -> None:
    page = client.get(detail_url(open_contest(question="Mikä on pallon väri?"))).content.decode()
    assert '<label for="id_answer">Mikä on pallon väri?' in page


def test_the_age_box_appears_only_in_consent_based_contests(client: Client) -> None:
    asked = client.get(detail_url(open_contest(consent_based=True))).content.decode()
    not_asked = client.get(detail_url(open_contest(consent_based=False))).content.decode()
    assert 'name="age_confirmed"' in asked
    assert 'name="age_confirmed"' not in not_asked


# --- entering ----------------------------------------------------------------------------


def test_a_valid_entry_is_saved_and_thanked(client: Client) -> None:
    contest = open_contest()

    response = post(client, contest)

    assert response.status_code == 303
    assert response["Location"] == reverse("contests:entered", args=[contest.pk])
    entry = ContestEntry.objects.get()
    assert entry.customer.channel == "contest"
    assert client.get(response["Location"]).status_code == 200


def test_ticking_the_box_records_the_permission_with_the_text_shown(client: Client) -> None:
    post(client, open_contest(), marketing_permission="on")

    record = ConsentRecord.objects.get()
    assert record.text_version == email_permission_text()
    assert record.channel == MarketingChannel.EMAIL


def test_a_permission_text_changed_meanwhile_is_shown_again_and_nothing_saved(
    client: Client,
) -> None:
    contest = open_contest()
    shown = email_permission_text("en")
    newer = PermissionText.objects.create(
        channel=MarketingChannel.EMAIL, language="en", version=shown.version + 1, text="New words."
    )
    before = saved()

    response = post(client, contest, marketing_permission="on", marketing_text=str(shown.pk))

    assert response.status_code == 400
    assert saved() == before
    page = response.content.decode()
    assert "has just changed" in page
    assert "New words." in page
    assert f'name="marketing_text" value="{newer.pk}"' in page


def test_a_duplicate_entry_gets_a_message_at_the_email_field_and_nothing_saved(
    client: Client,
) -> None:
    contest = open_contest()
    enter(contest, "liisa@example.fi")
    before = saved()

    response = post(client, contest, email="LIISA@example.fi")

    assert response.status_code == 400
    assert saved() == before
    page = response.content.decode()
    assert '<ul class="errorlist" id="id_email_error"><li>This email address has already' in page
    assert 'aria-describedby="id_email_helptext id_email_error"' in page


def test_an_entry_after_the_end_is_refused(client: Client) -> None:
    contest = open_contest()
    Contest.objects.filter(pk=contest.pk).update(ends_at=timezone.now())
    before = saved()

    response = post(client, contest)

    assert response.status_code == 400
    assert saved() == before
    assert "This contest is not open for entries." in response.content.decode()


def test_a_consent_based_contest_refuses_an_entry_without_the_age_box(client: Client) -> None:
    contest = open_contest(consent_based=True)
    before = saved()

    response = post(client, contest)

    assert response.status_code == 400
    assert saved() == before
    assert "Confirm that you are at least 13 years old." in response.content.decode()


def test_the_age_box_lets_the_entry_in(client: Client) -> None:
    response = post(client, open_contest(consent_based=True), age_confirmed="on")
    assert response.status_code == 303
    assert ContestEntry.objects.get().age_confirmed


def test_an_invalid_address_gets_its_message_and_nothing_is_saved(client: Client) -> None:
    contest = open_contest()
    before = saved()
    response = post(client, contest, email="ei-osoite")
    assert response.status_code == 400
    assert saved() == before
    assert "Enter a valid email address." in response.content.decode()


def test_the_page_is_public_and_answers_in_finnish_by_default(client: Client) -> None:
    response = client.get(detail_url(open_contest()))
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "fi"

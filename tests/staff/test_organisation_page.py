"""The administrator's organisation settings page: shows, validates and saves the settings."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from rekisteri.audit.models import AuditEvent
from rekisteri.organisation.models import OpeningHours, Organisation
from rekisteri.privacy.models import NoticeVersion
from tests.organisation.factories import hours_row, saved_organisation, settings_post_data

URL = reverse("staff:organisation")
CHECK_DIGIT_WRONG = "This business ID&#x27;s check digit is wrong; check the number."


def snapshot() -> tuple[dict[str, object] | None, list[tuple[object, ...]], int]:
    """Everything a failed save must leave as it was."""
    organisation = Organisation.objects.filter(pk=1).first()
    return (
        model_to_dict(organisation) | {"updated_at": organisation.updated_at}
        if organisation
        else None,
        list(OpeningHours.objects.values_list("first_day", "last_day", "opens", "closes")),
        AuditEvent.objects.filter(action="organisation.update").count(),
    )


def post(client: Client, data: dict[str, object]) -> object:
    return client.post(URL, data, HTTP_ACCEPT_LANGUAGE="en")


# --- showing the page -------------------------------------------------------------------


def test_before_first_save_the_form_is_empty_with_empty_hours_rows(admin_client: Client) -> None:
    response = admin_client.get(URL, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    forms = response.context["forms"]
    assert not any(forms.organisation.initial.get(name) for name in ("name", "business_id"))
    assert forms.hours.total_form_count() == 3
    assert not forms.hours.initial


def test_the_form_shows_the_current_settings_and_hours(admin_client: Client) -> None:
    saved_organisation()

    response = admin_client.get(URL, HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    assert 'value="0860817-6"' in page
    assert 'value="Ilmapallokauppa Oy"' in page
    assert 'value="09:00"' in page and 'value="17:00"' in page
    assert response.context["forms"].hours.total_form_count() == 1 + 3


def test_every_field_has_a_label(admin_client: Client) -> None:
    page = admin_client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    for name in (
        "name",
        "business_id",
        "postal_code",
        "customer_service_phone",
        "contact_person_name",
        "hours-0-first_day",
        "hours-0-opens",
        "hours-2-DELETE",
    ):
        assert f'<label for="id_{name}"' in page


# --- saving -------------------------------------------------------------------------------


def test_valid_settings_are_saved_audited_and_publish_a_notice_version(
    admin_client: Client,
) -> None:
    saved_organisation(name="Vanha Nimi Oy")
    versions = NoticeVersion.objects.count()

    response = post(
        admin_client,
        settings_post_data(
            hours=[hours_row("1", "5", "09:00", "17:00"), hours_row("6", "", "10:00", "14:00")]
        ),
    )

    assert response.status_code == 303
    assert response["Location"] == URL
    organisation = Organisation.objects.get(pk=1)
    assert organisation.name == "Ilmapallokauppa Oy"
    assert list(organisation.opening_hours.values_list("first_day", "last_day", "opens")) == [
        (1, 5, datetime.time(9)),
        (6, 6, datetime.time(10)),
    ]
    event = AuditEvent.objects.filter(action="organisation.update").last()
    assert event is not None
    assert event.actor_kind == "staff"
    assert "Ilmapallokauppa" not in str(event.detail)
    assert NoticeVersion.objects.count() == versions + 1


def test_first_save_creates_the_settings(admin_client: Client) -> None:
    response = post(admin_client, settings_post_data())

    assert response.status_code == 303
    assert Organisation.objects.get(pk=1).business_id == "0860817-6"
    assert AuditEvent.objects.filter(action="organisation.update").count() == 1


def test_success_message_shows_after_the_redirect(admin_client: Client) -> None:
    response = admin_client.post(URL, settings_post_data(), follow=True, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "The organisation settings have been saved." in response.content.decode()


def test_ticking_delete_removes_an_hours_row(admin_client: Client) -> None:
    saved_organisation()

    response = post(
        admin_client,
        settings_post_data(
            hours=[hours_row(delete=True), hours_row("1", "4", "08:00", "16:00")], initial_rows=1
        ),
    )

    assert response.status_code == 303
    assert list(OpeningHours.objects.values_list("first_day", "last_day")) == [(1, 4)]


def test_resaving_the_same_settings_in_another_row_order_changes_nothing(
    admin_client: Client,
) -> None:
    saved_organisation()
    post(admin_client, settings_post_data(hours=[hours_row("1", "5"), hours_row("6", "6")]))
    before = snapshot()

    response = post(admin_client, settings_post_data(hours=[hours_row("6", ""), hours_row()]))

    assert response.status_code == 303
    assert snapshot()[1:] == before[1:]  # same hours, no new audit event


def test_role_lost_while_saving_gives_the_403_page(
    admin_client: Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(**kwargs: object) -> None:
        raise PermissionDenied

    monkeypatch.setattr("rekisteri.staff.organisation_views.organisation_update", refuse)

    response = post(admin_client, settings_post_data())

    assert response.status_code == 403
    assert "staff/forbidden.html" in [t.name for t in response.templates]


# --- refusing bad input --------------------------------------------------------------------


def test_business_id_with_wrong_check_digit_is_refused_next_to_the_field(
    admin_client: Client,
) -> None:
    saved_organisation()
    before = snapshot()

    response = post(admin_client, settings_post_data(business_id="2077474-1"))

    assert response.status_code == 400
    errors = response.context["forms"].organisation.errors.as_data()
    assert [error.code for error in errors["business_id"]] == ["business_id_check_digit"]
    page = response.content.decode()
    assert f'<ul class="errorlist" id="id_business_id_error"><li>{CHECK_DIGIT_WRONG}' in page
    assert 'aria-describedby="id_business_id_helptext id_business_id_error"' in page
    assert 'aria-invalid="true"' in page
    assert 'value="2077474-1"' in page  # what was typed stays, to be corrected
    assert snapshot() == before


def test_business_id_error_is_shown_in_finnish_by_default(
    admin_client: Client,
    finnish: Callable[[dict[str, str]], None],
) -> None:
    english = "This business ID's check digit is wrong; check the number."
    finnish({english: "Y-tunnuksen tarkistusnumero on väärä; tarkista numero."})

    response = admin_client.post(URL, settings_post_data(business_id="2077474-1"))

    assert response.status_code == 400
    assert "Y-tunnuksen tarkistusnumero on väärä; tarkista numero." in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("postal_code", "0010", "A Finnish postal code is five digits."),
        ("postal_code", "00100x", "Ensure this value has at most 5 characters"),
        ("phone", "call us", "Enter a phone number of digits, spaces and hyphens"),
        ("customer_service_phone", "12", "Enter a phone number of digits, spaces and hyphens"),
        ("contact_person_email", "not an address", "Enter a valid email address."),
        ("name", "", "This field is required."),
    ],
)
def test_invalid_value_is_refused_next_to_its_field_and_nothing_is_saved(
    admin_client: Client,
    field: str,
    value: str,
    message: str,
) -> None:
    saved_organisation()
    before = snapshot()

    response = post(admin_client, settings_post_data(**{field: value}))

    assert response.status_code == 400
    assert list(response.context["forms"].organisation.errors) == [field]
    page = response.content.decode()
    assert f'id="id_{field}_error"><li>{message}' in page
    assert snapshot() == before


def test_overlapping_opening_hours_are_refused_and_nothing_is_saved(
    admin_client: Client,
) -> None:
    saved_organisation()
    before = snapshot()

    response = post(
        admin_client,
        settings_post_data(
            name="Uusi Nimi Oy", hours=[hours_row("1", "5"), hours_row("5", "6", "10:00", "14:00")]
        ),
    )

    assert response.status_code == 400
    hours = response.context["forms"].hours
    assert [error.code for error in hours.non_form_errors().as_data()] == ["hours_overlap"]
    page = response.content.decode()
    assert 'id="hours-errors"><li>The opening hours list Friday twice.' in page
    assert 'aria-describedby="hours-help hours-errors"' in page
    assert snapshot() == before


@pytest.mark.parametrize(
    ("row", "field", "code"),
    [
        (hours_row("1", "5", "17:00", "09:00"), "closes", "time_order"),
        (hours_row("5", "1"), "last_day", "day_order"),
        (hours_row("1", "5", "9 aamulla"), "opens", "invalid"),
        (hours_row("8", "9"), "first_day", "invalid_choice"),
    ],
)
def test_impossible_hours_row_is_refused_next_to_its_field(
    admin_client: Client,
    row: dict[str, str],
    field: str,
    code: str,
) -> None:
    saved_organisation()
    before = snapshot()

    response = post(admin_client, settings_post_data(hours=[row]))

    assert response.status_code == 400
    errors = response.context["forms"].hours.forms[0].errors.as_data()
    assert [error.code for error in errors[field]] == [code]
    assert f'id="id_hours-0-{field}_error"' in response.content.decode()
    assert snapshot() == before


def test_tampered_formset_counters_are_a_400_not_a_crash(admin_client: Client) -> None:
    data = settings_post_data()
    del data["hours-TOTAL_FORMS"]

    response = post(admin_client, data)

    assert response.status_code == 400
    assert not Organisation.objects.exists()


def test_more_rows_than_weekdays_are_refused(admin_client: Client) -> None:
    rows = [hours_row(str(day), str(day)) for day in range(1, 8)] * 2

    response = post(admin_client, settings_post_data(hours=rows))

    assert response.status_code == 400
    assert not Organisation.objects.exists()


def test_error_summary_says_nothing_was_saved_and_links_to_the_fields(
    admin_client: Client,
) -> None:
    response = post(
        admin_client,
        settings_post_data(business_id="2077474-1", hours=[hours_row("1", "5", "17:00", "09:00")]),
    )

    page = response.content.decode()
    summary = page.split('<div class="error-summary" role="alert"')[1].split("</div>")[0]
    assert "The settings were not saved" in summary
    assert '<a href="#id_business_id">Business ID</a>' in summary
    assert '<a href="#hours">Opening hours</a>' in summary
    assert "#id_city" not in summary

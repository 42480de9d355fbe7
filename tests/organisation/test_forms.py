"""The settings page's forms: what they parse, and where the service's errors land."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import translation

from rekisteri.organisation.forms import OrganisationForm, OrganisationSettingsForms
from rekisteri.organisation.services import HoursRow
from tests.organisation.factories import hours_row, saved_organisation, settings_post_data


def bound(**kwargs: Any) -> OrganisationSettingsForms:
    data = QueryDict(mutable=True)
    for key, value in settings_post_data(**kwargs).items():
        data[key] = value
    return OrganisationSettingsForms.bound(data, None)


def test_form_covers_every_setting_but_id_and_update_time() -> None:
    model_fields = {field.name for field in OrganisationForm._meta.model._meta.fields}

    assert set(OrganisationForm.base_fields) == model_fields - {"id", "updated_at"}


@pytest.mark.parametrize(
    ("business_id", "code"),
    [
        ("0860817-6", None),
        ("2077474-1", "business_id_check_digit"),
        ("08608176", "business_id_format"),
        ("", "required"),
    ],
)
def test_business_id_is_checked_by_its_check_digit(business_id: str, code: str | None) -> None:
    forms = bound(business_id=business_id)

    assert forms.is_valid() is (code is None)
    errors = forms.organisation.errors.as_data().get("business_id", [])
    assert [error.code for error in errors] == ([code] if code else [])


def test_business_id_message_is_a_translatable_text() -> None:
    forms = bound(business_id="2077474-1")
    forms.is_valid()

    with translation.override("en"):
        assert forms.organisation.errors["business_id"] == [
            "This business ID's check digit is wrong; check the number."
        ]


def test_hours_rows_come_out_in_weekday_order_and_single_days_are_filled_in() -> None:
    forms = bound(
        hours=[
            hours_row("6", "", "10:00", "14:00"),
            hours_row("1", "5"),
            {"first_day": "", "last_day": "", "opens": "", "closes": ""},
        ]
    )

    assert forms.is_valid()
    assert forms.opening_hours() == [
        HoursRow(1, 5, datetime.time(9), datetime.time(17)),
        HoursRow(6, 6, datetime.time(10), datetime.time(14)),
    ]


def test_deleted_rows_are_left_out_even_when_half_filled() -> None:
    forms = bound(hours=[hours_row("1", "5"), hours_row("6", "7", "nonsense", delete=True)])

    assert forms.is_valid()
    assert [row.first_day for row in forms.opening_hours()] == [1]


def test_service_overlap_error_becomes_an_error_about_the_hours() -> None:
    forms = bound()
    forms.is_valid()

    forms.add_service_error(ValidationError("overlap", code="hours_overlap"))

    assert [error.code for error in forms.hours.non_form_errors().as_data()] == ["hours_overlap"]
    assert not forms.organisation.errors
    assert forms.has_errors()


def test_service_field_errors_go_next_to_their_fields() -> None:
    forms = bound()
    forms.is_valid()

    forms.add_service_error(
        ValidationError(
            {
                "city": ValidationError("bad city", code="x"),
                "opens": ValidationError("bad time", code="y"),
                "__all__": ValidationError("whole thing", code="z"),
            }
        )
    )

    assert forms.organisation.errors["city"] == ["bad city"]
    assert forms.organisation.non_field_errors() == ["whole thing"]
    assert forms.hours.non_form_errors() == ["bad time"]


def test_other_service_errors_are_shown_at_the_top_of_the_form() -> None:
    forms = bound()
    forms.is_valid()

    forms.add_service_error(ValidationError("something else", code="other"))

    assert forms.organisation.non_field_errors() == ["something else"]


def test_the_form_cannot_save_around_the_service(db) -> None:
    form = OrganisationForm(settings_post_data())
    assert form.is_valid()

    with pytest.raises(TypeError, match="organisation_update"):
        form.save()


def test_unbound_forms_hold_the_current_hours(db) -> None:
    forms = OrganisationSettingsForms.unbound(saved_organisation())

    assert forms.hours.initial == [
        {"first_day": 1, "last_day": 5, "opens": datetime.time(9), "closes": datetime.time(17)}
    ]
    assert forms.organisation.initial["business_id"] == "0860817-6"

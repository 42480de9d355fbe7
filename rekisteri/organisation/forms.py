"""Parsing the organisation settings page: the settings form and the opening-hours rows.

The forms only turn posted text into values and say what is wrong with it. Saving is
``organisation_update``'s job, so neither form can save: the settings form refuses
``save()`` and the hours are a plain formset, not a model formset.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from rekisteri.organisation.models import OpeningHours, Organisation, Weekday
from rekisteri.organisation.services import EDITABLE_FIELDS, HoursRow

_TEL = {"type": "tel", "autocomplete": "tel"}
_DAYS = [("", "—"), *Weekday.choices]
# Browsers send and expect HH:MM whatever the page's language.
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class OrganisationForm(forms.ModelForm[Organisation]):
    """Every editable setting. Validation comes from the model's own field validators
    (business ID check digit, postal code, phone numbers)."""

    class Meta:
        model = Organisation
        fields = EDITABLE_FIELDS
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "street_address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postal_code": forms.TextInput(
                attrs={"autocomplete": "postal-code", "inputmode": "numeric"}
            ),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "phone": forms.TextInput(attrs=_TEL),
            "customer_service_phone": forms.TextInput(attrs=_TEL),
            # The contact person is a colleague, not the administrator: no autofill.
            "contact_person_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "contact_person_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "contact_person_email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }
        # Inside the "contact person" fieldset, its legend already says whose.
        labels = {"contact_person_name": _("Name")}
        help_texts = {
            "business_id": _("Seven digits, a hyphen and the check digit, for example 0860817-6."),
            "postal_code": _("Five digits."),
            "customer_service_phone": _("Shown at the foot of every page with the opening hours."),
            "contact_person_name": _(
                "Named in the register description as the person to contact in register matters."
            ),
        }

    def save(self, commit: bool = True) -> Organisation:
        raise TypeError("Save the settings with organisation_update(), not the form.")


class OpeningHoursForm(forms.Form):
    """One run of weekdays with its opening time, e.g. Monday–Friday 9–17."""

    first_day = forms.TypedChoiceField(label=_("From"), choices=_DAYS, coerce=int)
    last_day = forms.TypedChoiceField(
        label=_("To"),
        choices=_DAYS,
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Leave empty for a single day."),
    )
    opens = forms.TimeField(label=_("Opens"), widget=_TIME)
    closes = forms.TimeField(label=_("Closes"), widget=_TIME)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_day"), data.get("last_day")
        if first is not None and last is None and "last_day" not in self.errors:
            data["last_day"] = last = first
        # The same orders the table's check constraints demand, said in words.
        if first is not None and last is not None and last < first:
            self.add_error(
                "last_day",
                ValidationError(
                    _("The last day cannot come before the first day."), code="day_order"
                ),
            )
        opens, closes = data.get("opens"), data.get("closes")
        if opens is not None and closes is not None and closes <= opens:
            self.add_error(
                "closes",
                ValidationError(
                    _("The closing time must be later than the opening time."), code="time_order"
                ),
            )
        return data


class BaseOpeningHoursFormSet(forms.BaseFormSet[OpeningHoursForm]):
    def add_non_form_error(self, error: ValidationError) -> None:
        """Show an error about the rows as a whole (such as the same day listed twice)."""
        errors = self.non_form_errors()  # runs the formset's own validation first
        errors.extend(error.error_list)

    def rows(self) -> list[HoursRow]:
        """The rows kept (neither removed nor left empty), in weekday order."""
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        rows = [
            HoursRow(
                first_day=row["first_day"],
                last_day=row["last_day"],
                opens=row["opens"],
                closes=row["closes"],
            )
            for row in kept
        ]
        return sorted(rows, key=lambda row: (row.first_day, row.last_day, row.opens))


# At most one row per weekday; three empty rows to fill in.
OpeningHoursFormSet = cast(
    type[BaseOpeningHoursFormSet],
    forms.formset_factory(
        OpeningHoursForm,
        formset=BaseOpeningHoursFormSet,
        extra=3,
        can_delete=True,
        max_num=len(Weekday),
        validate_max=True,
    ),
)

_HOURS_FIELDS = frozenset(OpeningHoursForm.base_fields)


@dataclass
class OrganisationSettingsForms:
    """The page's two parts, validated, read and given the service's errors together."""

    organisation: OrganisationForm
    hours: BaseOpeningHoursFormSet

    @classmethod
    def unbound(cls, current: Organisation | None) -> OrganisationSettingsForms:
        hours: list[OpeningHours] = list(current.opening_hours.all()) if current else []
        return cls(
            OrganisationForm(instance=current),
            OpeningHoursFormSet(
                prefix="hours",
                initial=[
                    {
                        "first_day": row.first_day,
                        "last_day": row.last_day,
                        "opens": row.opens,
                        "closes": row.closes,
                    }
                    for row in hours
                ],
            ),
        )

    @classmethod
    def bound(cls, data: QueryDict, current: Organisation | None) -> OrganisationSettingsForms:
        return cls(
            OrganisationForm(data, instance=current), OpeningHoursFormSet(data, prefix="hours")
        )

    def is_valid(self) -> bool:
        # Both, not short-circuited, so every error shows at once.
        organisation_valid = self.organisation.is_valid()
        hours_valid = self.hours.is_valid()
        return organisation_valid and hours_valid

    def has_errors(self) -> bool:
        return bool(self.organisation.errors or self.hours.total_error_count())

    def values(self) -> dict[str, Any]:
        return {name: self.organisation.cleaned_data[name] for name in EDITABLE_FIELDS}

    def opening_hours(self) -> list[HoursRow]:
        return self.hours.rows()

    def add_service_error(self, error: ValidationError) -> None:
        """Put an error ``organisation_update`` raised next to what it is about."""
        if not hasattr(error, "error_dict"):
            if any(item.code == "hours_overlap" for item in error.error_list):
                self.hours.add_non_form_error(error)
            else:
                self.organisation.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            if field in self.organisation.fields:
                self.organisation.add_error(field, errors)
            elif field in _HOURS_FIELDS:
                self.hours.add_non_form_error(ValidationError(errors))
            else:
                self.organisation.add_error(None, errors)

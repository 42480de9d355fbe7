"""Parsing the register manager's input: recording a request, and the approver's note."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rekisteri.authority_requests.models import Decision
from rekisteri.authority_requests.selectors import (
    scope_category_choices,
    scope_subregister_choices,
)
from rekisteri.customers.models import Customer
from rekisteri.customers.selectors import customer_by_email
from rekisteri.privacy.countries import COUNTRY_NAMES


def _country_choices() -> list[tuple[str, str]]:
    return [(code, f"{name} ({code})") for code, name in COUNTRY_NAMES.items()]


class RecordForm(forms.Form):
    authority = forms.CharField(
        label=_("Authority"),
        max_length=200,
        help_text=_("For example: Poliisi / Helsingin poliisilaitos."),
    )
    authority_country = forms.ChoiceField(
        label=_("Authority's country"), choices=_country_choices, initial="FI"
    )
    legal_basis = forms.CharField(
        label=_("Legal basis (statute and section)"),
        max_length=200,
        help_text=_("For example: Poliisilaki 872/2011 4 luku 3 §."),
    )
    reference = forms.CharField(label=_("Reference or diary number"), max_length=100)
    received_at = forms.DateTimeField(
        label=_("Received"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    email = forms.EmailField(
        label=_("Email address of the person concerned"),
        max_length=254,
        help_text=_("The person is found in the register by this address."),
    )
    scope_subregisters = forms.MultipleChoiceField(
        label=_("Sub-registers in scope"),
        choices=scope_subregister_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    scope_categories = forms.MultipleChoiceField(
        label=_("Data categories in scope"),
        choices=scope_category_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    do_not_inform_until = forms.DateField(
        label=_("Do not inform the person before"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Only when the authority has set such a date."),
    )
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason for the decision"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Required for a refusal. Do not write the person's name or contact details here: "
            "the reason is kept as evidence after the person's data is erased."
        ),
    )

    def clean_email(self) -> Customer:
        customer = customer_by_email(self.cleaned_data["email"])
        if customer is None:
            raise forms.ValidationError(_("No one in the register has this email address."))
        return customer

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scope_missing = not data.get("scope_subregisters") and not data.get("scope_categories")
        # Only when the choices themselves were fine: an invalid one already has its message.
        if scope_missing and not {"scope_subregisters", "scope_categories"} & set(self.errors):
            self.add_error(
                "scope_subregisters",
                _("Choose at least one sub-register or data category the request covers."),
            )
        if data.get("decision") == Decision.REFUSE and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for refusing."))
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "customer": data["email"],
            "authority": data["authority"],
            "authority_country": data["authority_country"],
            "legal_basis": data["legal_basis"],
            "reference": data["reference"],
            "received_at": data["received_at"],
            "scope_subregisters": data["scope_subregisters"],
            "scope_categories": data["scope_categories"],
            "do_not_inform_until": data["do_not_inform_until"],
            "decision": data["decision"],
            "reason": data["reason"],
        }


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you refuse to approve. No names or contact details."),
    )

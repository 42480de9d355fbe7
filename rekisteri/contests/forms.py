"""Parsing contest input: the staff's contest form, the draw form and the public entry form.

The forms only turn posted text into values and say what is wrong with them; saving is the
services' job, so the contest form refuses ``save()``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from rekisteri.consents.forms import clean_marketing_permission
from rekisteri.consents.models import PermissionText
from rekisteri.contests.models import Contest
from rekisteri.contests.services import CONTEST_FIELDS

# Browsers send and expect this shape for datetime-local inputs, whatever the language.
_MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ContestForm(forms.ModelForm[Contest]):
    class Meta:
        model = Contest
        fields = CONTEST_FIELDS
        widgets = {
            "title": forms.TextInput(attrs={"autocomplete": "off"}),
            "question": forms.TextInput(attrs={"autocomplete": "off"}),
            "starts_at": _MOMENT,
            "ends_at": _MOMENT,
            "rules": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "starts_at": _("Entries are taken from this moment (Finnish time)."),
            "ends_at": _("Entries are taken until this moment; the winners are drawn after it."),
        }

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CONTEST_FIELDS}

    def save(self, commit: bool = True) -> Contest:
        raise TypeError("Save contests with contest_create() or contest_update(), not the form.")


class DrawForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of winners to draw"), min_value=1, max_value=100, initial=1
    )


class EntryForm(forms.Form):
    """The public entry form.

    The marketing permission is a separate box, unticked unless the visitor ticks it, and its
    label is the current version of the email permission text; the version shown travels
    with the form so that the permission records exactly the words the person saw (L8).
    Without a published text the box is left out. The age box appears only in consent-based
    contests (L26).
    """

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("One entry per email address. We tell the winners by email."),
    )
    # Labelled with the contest's question when the form is made.
    answer = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    age_confirmed = forms.BooleanField(
        label=_("I am at least 13 years old."),
        required=True,
        error_messages={"required": _("Confirm that you are at least 13 years old.")},
    )
    marketing_permission = forms.BooleanField(
        required=False,
        initial=False,
        help_text=_("Optional, and not needed to enter the contest."),
    )
    # The permission text version the page showed (rendered by the template, not bound).
    marketing_text = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        contest: Contest,
        permission_text: PermissionText | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"].label = contest.question
        if not contest.consent_based:
            del self.fields["age_confirmed"]
        self.permission_text = permission_text
        if permission_text is None:
            del self.fields["marketing_permission"]
            del self.fields["marketing_text"]
        else:
            self.fields["marketing_permission"].label = permission_text.text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["agreed_text"] = clean_marketing_permission(self, data)
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "email": data["email"],
            "answer": data["answer"],
            "age_confirmed": bool(data.get("age_confirmed")),
            "marketing_permission": data.get("agreed_text"),
        }


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's message next to the field it is about, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else NON_FIELD_ERRORS, errors)
    else:
        form.add_error(None, error)

"""Parsing contest input: the staff's contest form, the draw form and the public entry form.

The forms only turn posted text into values and say what is wrong with them; saving is the
services' job, so the contest form refuses ``save()``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from rekisteri.consents.models import MarketingChannel, PermissionText
from rekisteri.consents.selectors import permission_text_is_current
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
        if not data.get("marketing_permission"):
            data["agreed_text"] = None
            return data
        shown = _email_permission_text(data.get("marketing_text") or "")
        if shown is None:
            self.add_error(
                "marketing_permission",
                _("The permission text was missing. Reload the page and try again."),
            )
        elif not permission_text_is_current(shown):
            # The person must agree to the wording in force, so they read it first: the box
            # is shown again unticked, next to the new text.
            self.data = {k: v for k, v in self.data.items() if k != "marketing_permission"}
            self.add_error(
                "marketing_permission",
                _(
                    "The text of this permission has just changed. Read the new text and "
                    "tick the box again if you wish."
                ),
            )
        data["agreed_text"] = shown
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


def _email_permission_text(posted: str) -> PermissionText | None:
    if not posted.isascii() or not posted.isdigit() or len(posted) > 18:
        return None
    return PermissionText.objects.filter(pk=int(posted), channel=MarketingChannel.EMAIL).first()


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's message next to the field it is about, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else NON_FIELD_ERRORS, errors)
    else:
        form.add_error(None, error)

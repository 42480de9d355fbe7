"""Parsing feedback input: the public feedback form and the staff's answer form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _


class FeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    name = forms.CharField(
        label=_("Name (optional)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email address (optional)"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Needed only if you want a reply."),
    )
    wants_reply = forms.BooleanField(label=_("I want a reply"), required=False, initial=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Only when the address field itself was fine: an invalid one already has its message.
        if data.get("wants_reply") and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Give your email address so that we can reply."))
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "message": data["message"],
            "name": data["name"],
            "email": data["email"],
            "wants_reply": bool(data["wants_reply"]),
        }


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Answer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Sent by email to the address the sender gave."),
    )


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's message next to the field it is about, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else NON_FIELD_ERRORS, errors)
    else:
        form.add_error(None, error)

"""Parsing the queue's input. The forms turn posted text into values and say what is wrong;
the rules (what a phone request needs, how far a deadline may move) are the services'."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from rekisteri.customers.models import Customer
from rekisteri.subject_requests.deadlines import MAX_EXTENSION_MONTHS
from rekisteri.subject_requests.models import RequestChannel, RequestKind, RequestStatus
from rekisteri.subject_requests.services import CLOSING_OUTCOMES, NOTE_MAX_LENGTH, STAFF_CHANNELS

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

# Browsers send and expect these shapes for date inputs, whatever the language.
_DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _note(
    label: str | _StrPromise, *, required: bool = False, help_text: str | _StrPromise = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
    )


class _ActionForm(forms.Form):
    """A request's page has several forms: each gets its own element ids."""

    id_prefix = "action"

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class ReceiveForm(forms.Form):
    email = forms.EmailField(
        label=_("The person's email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    kind = forms.ChoiceField(label=_("Request"), choices=RequestKind.choices)
    channel = forms.ChoiceField(
        label=_("Received by"),
        choices=[(c.value, c.label) for c in RequestChannel if c in STAFF_CHANNELS],
    )
    received_on = forms.DateField(label=_("Received on"), widget=_DAY)
    identity_check_note = _note(
        _("How the person's identity was checked"),
        help_text=_("Required for requests by phone or letter."),
    )
    staff_notes = _note(_("Notes"))


class IdentityForm(_ActionForm):
    id_prefix = "identity"
    identity_check_note = _note(_("How the person's identity was checked"), required=True)


class ExtendForm(_ActionForm):
    id_prefix = "extend"
    months = forms.IntegerField(
        label=_("Extend by months"),
        min_value=1,
        max_value=MAX_EXTENSION_MONTHS,
        error_messages={
            "max_value": _("The deadline can be extended by at most two further months."),
            "min_value": _("Extend by one or two months."),
        },
    )
    reason = _note(_("Reason for the extension"), required=True)
    informed_at = forms.DateTimeField(
        label=_("When the person was told of the extension and its reason"),
        widget=_MOMENT,
        help_text=_("Finnish time; within the first month from receipt."),
    )


class NotesForm(_ActionForm):
    id_prefix = "notes"
    staff_notes = _note(_("Notes"))


class ExecuteForm(_ActionForm):
    """Carrying out; for rectification, the corrected contact data (only the fields the
    reader may correct are added) and a note of what was corrected."""

    id_prefix = "execute"

    note = _note(
        _("What was corrected"),
        help_text=_("Needed when the correction was made elsewhere, for example on the card."),
    )

    def __init__(self, *args: object, rectifiable: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name in rectifiable:
            self.fields[name] = _corrected_field(name)
        self.order_fields([*rectifiable, "note"])
        self.rectifiable = rectifiable

    def rectified(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in self.rectifiable}


def _corrected_field(name: str) -> forms.Field:
    model_field = Customer._meta.get_field(name)
    label = capfirst(getattr(model_field, "verbose_name", name))
    choices = getattr(model_field, "choices", None)
    if choices:
        return forms.ChoiceField(label=label, required=False, choices=[("", "–"), *choices])
    if name == "email":
        return forms.EmailField(label=label, required=False, max_length=254)
    return forms.CharField(
        label=label, required=False, max_length=getattr(model_field, "max_length", None) or 254
    )


class CloseForm(_ActionForm):
    id_prefix = "close"
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(s.value, s.label) for s in RequestStatus if s in CLOSING_OUTCOMES],
    )
    note = _note(
        _("Outcome and reasons"),
        help_text=_("Reasons are required for a refusal; they are told to the person."),
    )


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's message next to the field it is about, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else NON_FIELD_ERRORS, errors)
    else:
        form.add_error(None, error)

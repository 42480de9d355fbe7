"""Parsing the staff's delivery and return forms. The services check the values again; these
only turn the posted text into typed values with messages next to the fields."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.orders.deliveries import CARRIER_MAX_LENGTH, TRACKING_CODE_MAX_LENGTH

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ShipForm(forms.Form):
    carrier = forms.CharField(label=_("Carrier"), max_length=CARRIER_MAX_LENGTH)
    tracking_code = forms.CharField(label=_("Tracking code"), max_length=TRACKING_CODE_MAX_LENGTH)


class DeliverForm(forms.Form):
    delivered_on = forms.DateField(
        label=_("Delivered on"),
        required=False,
        widget=_DATE,
        help_text=_("Leave empty for today."),
    )

    def delivered_at(self) -> datetime.datetime | None:
        """None for today (the service records the moment); a past day as its last second,
        which is never before the moment the goods left that day."""
        day = self.cleaned_data.get("delivered_on")
        if day is None or day == timezone.localdate():
            return None
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


class ReceiveForm(forms.Form):
    received_on = forms.DateField(label=_("Goods received on"), widget=_DATE)


class NoticeForm(forms.Form):
    order_number = forms.IntegerField(label=_("Order number"), min_value=1)
    notified_on = forms.DateField(
        label=_("Notice given on"),
        widget=_DATE,
        help_text=_("The day of the call, or the day the letter was sent."),
    )


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, *, rename: dict[str, str] | None = None
) -> None:
    """Put a service's ValidationError next to the field it is about (``rename`` maps the
    service's argument names to the form's), or above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        name = (rename or {}).get(name, name)
        form.add_error(name if name in form.fields else NON_FIELD_ERRORS, errors)

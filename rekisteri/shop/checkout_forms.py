"""The checkout form: the fewest fields an order needs (L16, seed S2) — name, email and the
delivery address, the phone optional — the payment method, and the separate, unticked
marketing permission (L8). The limits are Paytrail's, so every accepted order can be paid."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rekisteri.consents.forms import clean_marketing_permission
from rekisteri.consents.models import PermissionText
from rekisteri.orders.models import PaymentMethod
from rekisteri.orders.services import Delivery

COUNTRY_CHOICES = [("FI", _("Finland")), ("SE", _("Sweden")), ("EE", _("Estonia"))]
_FINNISH_POSTAL_CODE = re.compile(r"^[0-9]{5}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,18}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _text(label: Any, max_length: int, autocomplete: str, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.TextInput(attrs={"autocomplete": autocomplete}),
    )


class CheckoutForm(forms.Form):
    first_name = _text(_("First name"), 50, "given-name")
    last_name = _text(_("Last name"), 50, "family-name")
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("The order confirmation and the link to your order are sent here."),
    )
    street_address = _text(_("Street address"), 50, "street-address")
    postal_code = _text(_("Postal code"), 15, "postal-code")
    city = _text(_("City"), 30, "address-level2")
    country = forms.ChoiceField(
        label=_("Country"),
        choices=COUNTRY_CHOICES,
        initial="FI",
        widget=forms.Select(attrs={"autocomplete": "country"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        help_text=_("For the carrier's delivery notice."),
    )
    payment_method = forms.ChoiceField(
        label=_("Payment method"),
        choices=PaymentMethod.choices,
        initial=PaymentMethod.PAYTRAIL,
        widget=forms.RadioSelect,
    )
    marketing_permission = forms.BooleanField(
        required=False,
        initial=False,
        help_text=_("Optional, and not needed to order."),
    )
    marketing_text = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        signed_in_email: str | None,
        invoice_allowed: bool,
        permission_text: PermissionText | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if signed_in_email is not None:
            # A signed-in customer's orders go to their account's address.
            del self.fields["email"]
        if not invoice_allowed:
            self.fields["payment_method"].choices = [  # type: ignore[attr-defined]
                (PaymentMethod.PAYTRAIL.value, PaymentMethod.PAYTRAIL.label)
            ]
        self.permission_text = permission_text
        if permission_text is None:
            del self.fields["marketing_permission"]
            del self.fields["marketing_text"]
        else:
            self.fields["marketing_permission"].label = permission_text.text

    def _clean_text(self, name: str) -> str:
        value = " ".join(str(self.cleaned_data.get(name, "")).split())
        if _CONTROL.search(value):
            raise forms.ValidationError(_("Remove the control characters."), code="control")
        return value

    def clean_first_name(self) -> str:
        return self._clean_text("first_name")

    def clean_last_name(self) -> str:
        return self._clean_text("last_name")

    def clean_street_address(self) -> str:
        return self._clean_text("street_address")

    def clean_city(self) -> str:
        return self._clean_text("city")

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean_postal_code(self) -> str:
        return self._clean_text("postal_code").upper()

    def clean_phone(self) -> str:
        phone = self._clean_text("phone")
        if phone and not _PHONE.match(phone):
            raise forms.ValidationError(
                _("Enter the phone number with digits, for example +358 40 123 4567."),
                code="phone",
            )
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        postal_code = data.get("postal_code")
        if (
            data.get("country") == "FI"
            and postal_code
            and not _FINNISH_POSTAL_CODE.match(postal_code)
        ):
            self.add_error("postal_code", _("A Finnish postal code has five digits, e.g. 00100."))
        data["agreed_text"] = clean_marketing_permission(self, data)
        return data

    def delivery(self) -> Delivery:
        data = self.cleaned_data
        return Delivery(
            first_name=data["first_name"],
            last_name=data["last_name"],
            street_address=data["street_address"],
            postal_code=data["postal_code"],
            city=data["city"],
            country=data["country"],
            phone=data["phone"],
        )

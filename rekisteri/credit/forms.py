"""Credit control's forms. They only parse and check input; the services save. Amounts are
typed in euros (``12,90`` in Finnish) and handed on in cents."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.credit.services import MAX_LIMIT_CENTS

MAX_PAYMENT_EUROS = Decimal(MAX_LIMIT_CENTS) / 100


def _cents(euros: Decimal) -> int:
    return int((euros * 100).to_integral_value())


class LimitForm(forms.Form):
    limit = forms.DecimalField(
        label=_("Credit limit (€)"),
        min_value=Decimal("0"),
        max_value=Decimal(MAX_LIMIT_CENTS) / 100,
        decimal_places=2,
        localize=True,
        help_text=_("0 stops new invoice purchases without closing the account."),
    )

    def limit_cents(self) -> int:
        return _cents(self.cleaned_data["limit"])


class OpenAccountForm(LimitForm):
    email = forms.EmailField(
        label=_("The customer's email address"),
        max_length=254,
        help_text=_("The address the customer registered with."),
    )

    field_order = ("email", "limit")


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount paid (€)"),
        min_value=Decimal("0.01"),
        max_value=MAX_PAYMENT_EUROS,
        decimal_places=2,
        localize=True,
    )
    paid_on = forms.DateField(
        label=_("Day of payment"),
        localize=True,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        help_text=_("As on the bank statement, for example 2026-11-25 or 25.11.2026."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate

    def amount_cents(self) -> int:
        return _cents(self.cleaned_data["amount"])


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's message next to the field it is about (``amount_cents`` → amount)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    renames = {"amount_cents": "amount", "limit_cents": "limit"}
    for name, errors in error.error_dict.items():
        target = renames.get(name, name)
        form.add_error(target if target in form.fields else NON_FIELD_ERRORS, errors)

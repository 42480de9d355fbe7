"""The Finnish business ID (Y-tunnus) and its check digit (L25)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_FORMAT = re.compile(r"([0-9]{7})-([0-9])")  # ASCII digits only
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def business_id_check_digit(digits: str) -> int | None:
    """The check digit for seven digits, or None when no check digit can make them valid."""
    remainder = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def validate_business_id(value: str) -> None:
    match = _FORMAT.fullmatch(value or "")
    if not match:
        raise ValidationError(
            _(
                "Enter the business ID as seven digits, a hyphen and a check digit, "
                "for example 0860817-6."
            ),
            code="business_id_format",
        )
    digits, check = match.groups()
    if business_id_check_digit(digits) != int(check):
        raise ValidationError(
            _("This business ID's check digit is wrong; check the number."),
            code="business_id_check_digit",
        )

"""Finnish payment reference numbers (viitenumero): the base digits and a check digit
computed with the weights 7, 3, 1 repeating from the right (Finance Finland's standard)."""

from __future__ import annotations

_WEIGHTS = (7, 3, 1)


def check_digit(base: str) -> int:
    total = sum(int(digit) * _WEIGHTS[i % 3] for i, digit in enumerate(reversed(base)))
    return (10 - total % 10) % 10


def reference_for(number: int) -> str:
    """The reference of an order or invoice number (at least 100, so that the reference has
    the standard's minimum of 4 digits)."""
    if number < 100:
        raise ValueError("a reference needs a number of at least 3 digits")
    base = str(number)
    return f"{base}{check_digit(base)}"


def is_valid_reference(reference: str) -> bool:
    digits = reference.replace(" ", "")
    if not (4 <= len(digits) <= 20 and digits.isascii() and digits.isdigit()):
        return False
    return check_digit(digits[:-1]) == int(digits[-1])

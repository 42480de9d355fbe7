"""Money as integer cents: splitting a VAT-inclusive price and showing it in euros.

Prices are stored with VAT included, as a Finnish consumer sees them, so the VAT part is
worked out backwards from the gross price. Nothing here touches the database.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def vat_included_split(price_cents: int, vat_rate: Decimal | str | float) -> tuple[int, int]:
    """Split a VAT-inclusive price into ``(net_cents, vat_cents)``.

    The VAT part is ``price × rate / (100 + rate)`` rounded half up to the cent; the net part
    is what remains, so the two always add up to the price exactly.
    """
    if price_cents < 0:
        raise ValueError("price_cents must not be negative")
    rate = Decimal(str(vat_rate))
    if rate < 0:
        raise ValueError("vat_rate must not be negative")
    vat = (Decimal(price_cents) * rate / (Decimal(100) + rate)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    vat_cents = int(vat)
    return price_cents - vat_cents, vat_cents


def format_euros(cents: int, language: str | None) -> str:
    """``1290`` → ``"12,90 €"`` in Finnish and Swedish, ``"€12.90"`` in English."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    if (language or "").lower().startswith("en"):
        return f"{sign}€{euros}.{rest:02d}"
    return f"{sign}{euros},{rest:02d} €"

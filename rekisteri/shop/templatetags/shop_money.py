"""``{{ cents|euros }}``: a price in cents shown in euros the way the page's language writes it."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language

from rekisteri.shop.money import format_euros

register = template.Library()


@register.filter
def euros(cents: int) -> str:
    return format_euros(int(cents), get_language())


@register.filter
def percent(rate: Decimal) -> str:
    """``Decimal("25.5")`` → ``25,5 %`` (``25.5 %`` in English); whole rates without decimals."""
    text = f"{rate.normalize():f}"
    if not (get_language() or "").startswith("en"):
        text = text.replace(".", ",")
    return f"{text} %"

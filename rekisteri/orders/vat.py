"""The VAT of an order, by rate (a receipt must show it, Arvonlisäverolaki 209 e §)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from rekisteri.orders.models import OrderLine
from rekisteri.shop.money import vat_included_split


@dataclass(frozen=True)
class VatRow:
    rate: Decimal
    gross_cents: int
    net_cents: int
    vat_cents: int


def vat_breakdown(lines: Sequence[OrderLine]) -> list[VatRow]:
    """The VAT of an order by rate, each worked out from that rate's gross sum."""
    gross: dict[Decimal, int] = defaultdict(int)
    for line in lines:
        gross[Decimal(line.vat_rate)] += line.total_cents
    rows = []
    for rate in sorted(gross, reverse=True):
        net, vat = vat_included_split(gross[rate], rate)
        rows.append(VatRow(rate=rate, gross_cents=gross[rate], net_cents=net, vat_cents=vat))
    return rows

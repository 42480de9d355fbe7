from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rekisteri.shop.money import format_euros, vat_included_split


def test_general_rate_split_rounds_the_vat_to_the_cent() -> None:
    assert vat_included_split(1290, Decimal("25.5")) == (1028, 262)


def test_reduced_rate_split() -> None:
    assert vat_included_split(1140, Decimal("14.0")) == (1000, 140)


def test_half_a_cent_of_vat_rounds_up() -> None:
    # At 100 % VAT one cent is half VAT: exactly 0.5 cents, rounded up.
    assert vat_included_split(1, Decimal("100")) == (0, 1)


def test_zero_rate_has_no_vat() -> None:
    assert vat_included_split(990, Decimal("0.0")) == (990, 0)


def test_negative_price_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        vat_included_split(-1, Decimal("25.5"))


@given(
    price=st.integers(min_value=0, max_value=10**9),
    rate=st.sampled_from([Decimal("25.5"), Decimal("14.0"), Decimal("10.0"), Decimal("0.0")]),
)
def test_net_and_vat_add_up_to_the_price(price: int, rate: Decimal) -> None:
    net, vat = vat_included_split(price, rate)
    assert net + vat == price
    assert 0 <= vat <= price


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", "12,90 €"), ("sv", "12,90 €"), ("en", "€12.90"), ("en-gb", "€12.90")],
)
def test_format_euros(language: str, expected: str) -> None:
    assert format_euros(1290, language) == expected


def test_format_euros_pads_the_cents() -> None:
    assert format_euros(5, "fi") == "0,05 €"

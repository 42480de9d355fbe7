from __future__ import annotations

import pytest

from rekisteri.orders.references import is_valid_reference, reference_for


@pytest.mark.parametrize(
    ("number", "reference"),
    # Worked by hand with the weights 7, 3, 1 from the right.
    [(100, "1009"), (123, "1232"), (1234, "12344"), (10001, "100010")],
)
def test_finnish_reference_numbers(number: int, reference: str) -> None:
    assert reference_for(number) == reference
    assert is_valid_reference(reference)


def test_a_wrong_check_digit_is_invalid() -> None:
    assert not is_valid_reference("12346")
    assert not is_valid_reference("１２３４５")

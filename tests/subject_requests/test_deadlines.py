"""Due dates (GDPR Art. 12(3), L9): one month from receipt, the same day next month or that
month's last day; an extension adds one or two further months to the original due date."""

from __future__ import annotations

import calendar
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rekisteri.subject_requests.deadlines import add_months, due_on, extended_deadline

DAYS = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 12, 31))


def _next_month(day: datetime.date) -> tuple[int, int]:
    return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)


@given(DAYS)
def test_due_date_is_the_same_day_next_month_or_that_months_last_day(
    received: datetime.date,
) -> None:
    due = due_on(received)

    year, month = _next_month(received)
    last = calendar.monthrange(year, month)[1]
    assert (due.year, due.month) == (year, month)
    assert due.day == received.day or (due.day == last and received.day > last)


@given(DAYS)
def test_due_date_is_never_earlier_than_28_nor_later_than_31_days_after_receipt(
    received: datetime.date,
) -> None:
    assert 28 <= (due_on(received) - received).days <= 31


@given(DAYS, st.integers(min_value=0, max_value=2))
def test_an_extension_never_moves_the_deadline_earlier_and_at_most_two_months(
    received: datetime.date, months: int
) -> None:
    due = due_on(received)
    deadline = extended_deadline(due, months)
    assert due <= deadline <= add_months(received, 1 + months)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (datetime.date(2025, 1, 31), datetime.date(2025, 2, 28)),
        (datetime.date(2024, 1, 31), datetime.date(2024, 2, 29)),
        (datetime.date(2024, 1, 29), datetime.date(2024, 2, 29)),
        (datetime.date(2025, 1, 29), datetime.date(2025, 2, 28)),
        (datetime.date(2025, 3, 31), datetime.date(2025, 4, 30)),
        (datetime.date(2025, 12, 31), datetime.date(2026, 1, 31)),
        (datetime.date(2025, 2, 28), datetime.date(2025, 3, 28)),
        (datetime.date(2025, 6, 15), datetime.date(2025, 7, 15)),
    ],
)
def test_month_ends(received: datetime.date, due: datetime.date) -> None:
    assert due_on(received) == due


def test_an_extension_counts_from_the_original_due_date() -> None:
    # 31.1. → due 28.2. → two further months: 28.4. (the earlier of the readings).
    assert extended_deadline(datetime.date(2025, 2, 28), 2) == datetime.date(2025, 4, 28)
    assert extended_deadline(datetime.date(2025, 4, 30), 1) == datetime.date(2025, 5, 30)


def test_more_than_two_further_months_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="zero to two months"):
        extended_deadline(datetime.date(2025, 2, 28), 3)

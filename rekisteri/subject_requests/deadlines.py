"""Deadlines of data-subject requests (GDPR Art. 12(3), L9), in Helsinki dates.

A period of months ends on the same day of the last month as the day it started from, or on
that month's last day when it has no such day (Regulation 1182/71 Art. 3(2)(c), which the
GDPR's periods follow): received 31 January → due 28 February (29 in a leap year); received
31 March → due 30 April.

Two choices made on the safe side, so the register never shows a later date than the law may
allow:

- The rule that a period ending on a Saturday, Sunday or holiday runs to the next working day
  (1182/71 Art. 3(4)) is not applied.
- An extension adds its further months to the original due date (31 January → 28 February →
  28 April), not to the day of receipt (which would give 30 April).
"""

from __future__ import annotations

import calendar
import datetime

from django.utils import timezone

ANSWER_MONTHS = 1
MAX_EXTENSION_MONTHS = 2
DUE_SOON_DAYS = 7


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` months, clamped to the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_on(received_on: datetime.date) -> datetime.date:
    """The last day to answer a request received on ``received_on``."""
    return add_months(received_on, ANSWER_MONTHS)


def extended_deadline(due: datetime.date, months: int) -> datetime.date:
    """The deadline after extending the original ``due`` date by ``months`` further months."""
    if not 0 <= months <= MAX_EXTENSION_MONTHS:
        raise ValueError("an extension is zero to two months")
    return add_months(due, months)


def helsinki_date(moment: datetime.datetime) -> datetime.date:
    """The calendar day of ``moment`` in Helsinki (the project's time zone)."""
    return timezone.localtime(moment).date()


def today() -> datetime.date:
    return timezone.localdate()

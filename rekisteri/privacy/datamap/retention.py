"""Retention rules: how long a sub-register keeps personal data (GDPR Art. 5(1)(e), L7).

Each rule is a period with a starting event; "as long as the account exists" is not a period,
so every rule has an end. The rules describe themselves for the register description and the
records of processing; the retention job computes deadlines from them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Period:
    years: int = 0
    months: int = 0
    days: int = 0

    def describe(self) -> str:
        parts = []
        if self.years:
            parts.append(ngettext("%(n)d year", "%(n)d years", self.years) % {"n": self.years})
        if self.months:
            parts.append(ngettext("%(n)d month", "%(n)d months", self.months) % {"n": self.months})
        if self.days:
            parts.append(ngettext("%(n)d day", "%(n)d days", self.days) % {"n": self.days})
        return " ".join(parts)

    def after(self, moment: datetime.datetime) -> datetime.datetime:
        """``moment`` plus this period; month ends clamp (31 Jan + 1 month = 28/29 Feb)."""
        month_index = moment.month - 1 + self.months + 12 * self.years
        year, month = moment.year + month_index // 12, month_index % 12 + 1
        last_day = _days_in_month(year, month)
        shifted = moment.replace(year=year, month=month, day=min(moment.day, last_day))
        return shifted + datetime.timedelta(days=self.days)

    def as_dict(self) -> dict[str, int]:
        return {"years": self.years, "months": self.months, "days": self.days}


def _days_in_month(year: int, month: int) -> int:
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    return (next_month - datetime.timedelta(days=1)).day


@dataclass(frozen=True)
class RetentionRule:
    """Keep for ``period`` after ``starts``.

    ``starts`` is a clause that completes "N years after …" and "until …", for example
    "the customer relationship ends"; translations must work in both places.
    """

    key: str
    period: Period
    starts: str | Promise
    reason: str | Promise | None = None

    def describe(self) -> str:
        if self.period == Period():
            # Translators: the event is a clause, e.g. "another person is named".
            text = _("until %(event)s") % {"event": self.starts}
        else:
            # Translators: e.g. "3 years after the customer relationship ends".
            text = _("%(period)s after %(event)s") % {
                "period": self.period.describe(),
                "event": self.starts,
            }
        if self.reason:
            text = f"{text} ({self.reason})"
        return str(text)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.key,
            "period": self.period.as_dict(),
            "starts": str(self.starts),
            "reason": str(self.reason) if self.reason else None,
        }


@dataclass(frozen=True)
class AccountingRetention(RetentionRule):
    """Accounting vouchers: six years from the end of the year in which the financial year
    ended (Kirjanpitolaki 1336/1997 2:10, L20). Financial year = calendar year here."""

    def deadline_for(self, financial_year_end: datetime.date) -> datetime.date:
        return datetime.date(financial_year_end.year + self.period.years, 12, 31)


def after_relationship(*, years: int) -> RetentionRule:
    return RetentionRule(
        key="after_relationship",
        period=Period(years=years),
        starts=_("the customer relationship ends (the last order, login or contact)"),
    )


def after_event(
    *,
    key: str,
    event: str | Promise,
    years: int = 0,
    months: int = 0,
    days: int = 0,
    reason: str | Promise | None = None,
) -> RetentionRule:
    return RetentionRule(
        key=key,
        period=Period(years=years, months=months, days=days),
        starts=event,
        reason=reason,
    )


ACCOUNTING_VOUCHERS = AccountingRetention(
    key="accounting_vouchers",
    period=Period(years=6),
    starts=_("the year in which the financial year ended is over"),
    reason=_("Accounting Act 1336/1997, chapter 2, section 10"),
)

"""Retention rules: how long a sub-register keeps personal data (GDPR Art. 5(1)(e), L7).

Each rule is a period with a starting event; "as long as the account exists" is not a period,
so every rule has an end. The rules describe themselves for the register description and the
records of processing, and tell the retention job which rows have expired.

A rule's default period can be changed with a setting (named by the rule); the setting is
read when the rule is used, never at import time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields
from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Period:
    years: int = 0
    months: int = 0
    days: int = 0

    def describe(self) -> str:
        parts: list[Any] = []
        if self.years:
            parts.append(ngettext("%(n)d year", "%(n)d years", self.years) % {"n": self.years})
        if self.months:
            parts.append(ngettext("%(n)d month", "%(n)d months", self.months) % {"n": self.months})
        if self.days:
            parts.append(ngettext("%(n)d day", "%(n)d days", self.days) % {"n": self.days})
        return str(get_text_list(parts, _("and")))

    def after(self, moment: datetime.datetime) -> datetime.datetime:
        """``moment`` plus this period; month ends clamp (31 Jan + 1 month = 28/29 Feb)."""
        return self._shift(moment, 1)

    def before(self, moment: datetime.datetime) -> datetime.datetime:
        """``moment`` minus this period, clamping month ends the same way."""
        return self._shift(moment, -1)

    def _shift(self, moment: datetime.datetime, sign: int) -> datetime.datetime:
        month_index = moment.month - 1 + sign * (self.months + 12 * self.years)
        year, month = moment.year + month_index // 12, month_index % 12 + 1
        last_day = _days_in_month(year, month)
        shifted = moment.replace(year=year, month=month, day=min(moment.day, last_day))
        return shifted + sign * datetime.timedelta(days=self.days)

    def as_dict(self) -> dict[str, int]:
        return {"years": self.years, "months": self.months, "days": self.days}


def _days_in_month(year: int, month: int) -> int:
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    return (next_month - datetime.timedelta(days=1)).day


@dataclass(frozen=True)
class RetentionRule:
    """Keep for a period after ``starts``.

    ``starts`` is a clause that completes "N years after …" and "until …", for example
    "the customer relationship ends"; translations must work in both places. ``setting``
    names a Django setting that overrides the default period's number (in the default's
    unit, e.g. years).
    """

    key: str
    default: Period
    starts: str | Promise
    reason: str | Promise | None = None
    setting: str | None = None

    @property
    def period(self) -> Period:
        if self.setting is None or not hasattr(settings, self.setting):
            return self.default
        unit = next((f.name for f in fields(Period) if getattr(self.default, f.name)), "days")
        return Period(**{unit: int(getattr(settings, self.setting))})

    def cutoff(self, now: datetime.datetime) -> datetime.datetime:
        """Rows whose period started before this moment have expired."""
        return self.period.before(now)

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
            "setting": self.setting,
        }


def financial_year_end(year: int) -> datetime.date:
    """The last day of the financial year that ends in ``year`` (setting
    ``REKISTERI_FINANCIAL_YEAR_END``, "MM-DD"; 29 February falls back to the 28th)."""
    month_text, day_text = str(settings.REKISTERI_FINANCIAL_YEAR_END).split("-")
    month, day = int(month_text), int(day_text)
    return datetime.date(year, month, min(day, _days_in_month(year, month)))


@dataclass(frozen=True)
class AccountingRetention(RetentionRule):
    """Accounting vouchers: six years from the end of the year in which the financial year
    ended (Kirjanpitolaki 1336/1997 2:10, L20). The financial year's last day is a setting."""

    def financial_year_end_of(self, day: datetime.date) -> datetime.date:
        """The last day of the financial year ``day`` belongs to."""
        end = financial_year_end(day.year)
        return end if day <= end else financial_year_end(day.year + 1)

    def deadline_for(self, day: datetime.date) -> datetime.date:
        """The last day a voucher dated ``day`` must be kept."""
        return datetime.date(self.financial_year_end_of(day).year + self.years(), 12, 31)

    def cutoff(self, now: datetime.datetime) -> datetime.datetime:
        # Vouchers whose financial year ended in year Y are kept until 31.12.(Y + 6); from
        # 1.1.(Y + 7) on they may go. So this year's deletable vouchers are those of the
        # financial years that ended in (this year − 7) or before.
        last_deletable_end = financial_year_end(now.year - self.years() - 1)
        day_after = last_deletable_end + datetime.timedelta(days=1)
        return now.replace(
            year=day_after.year,
            month=day_after.month,
            day=day_after.day,
            hour=0,
            minute=0,
            second=0,
            microsecond=0,
        )

    def years(self) -> int:
        return self.period.years


def after_relationship(
    *, years: int, setting: str | None = None, reason: str | Promise | None = None
) -> RetentionRule:
    return RetentionRule(
        key="after_relationship",
        default=Period(years=years),
        starts=_("the customer relationship ends (the last order, login or contact)"),
        reason=reason,
        setting=setting,
    )


def after_event(
    *,
    key: str,
    event: str | Promise,
    years: int = 0,
    months: int = 0,
    days: int = 0,
    reason: str | Promise | None = None,
    setting: str | None = None,
) -> RetentionRule:
    return RetentionRule(
        key=key,
        default=Period(years=years, months=months, days=days),
        starts=event,
        reason=reason,
        setting=setting,
    )


ACCOUNTING_VOUCHERS = AccountingRetention(
    key="accounting_vouchers",
    default=Period(years=6),
    starts=_("the year in which the financial year ended is over"),
    reason=_("Accounting Act 1336/1997, chapter 2, section 10"),
)

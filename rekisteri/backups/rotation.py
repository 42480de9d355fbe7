"""Which backups to keep: the newest of each of the last N days, weeks and months that have
a backup (grandfather-father-son). Only files named as ``rekisteri backup`` names them are
ever considered, so nothing else in the directory is touched."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from pathlib import Path

NAME = re.compile(r"^rekisteri-(\d{8}T\d{6}Z)\.rkb$")
STAMP = "%Y%m%dT%H%M%SZ"


def backup_name(moment: datetime.datetime) -> str:
    return f"rekisteri-{moment.astimezone(datetime.UTC).strftime(STAMP)}.rkb"


def backup_time(name: str) -> datetime.datetime | None:
    match = NAME.match(name)
    if match is None:
        return None
    try:
        return datetime.datetime.strptime(match[1], STAMP).replace(tzinfo=datetime.UTC)
    except ValueError:
        return None


def _day(moment: datetime.datetime) -> tuple[int, ...]:
    return (moment.year, moment.month, moment.day)


def _week(moment: datetime.datetime) -> tuple[int, ...]:
    year, week, _weekday = moment.isocalendar()
    return (year, week)


def _month(moment: datetime.datetime) -> tuple[int, ...]:
    return (moment.year, moment.month)


def backups_to_keep(
    moments: Iterable[datetime.datetime], *, daily: int, weekly: int, monthly: int
) -> set[datetime.datetime]:
    """The backup times to keep (periods in UTC). Each rule keeps the newest backup of each
    of its most recent ``count`` periods that have one; the rules' choices add up."""
    newest_first = sorted(set(moments), reverse=True)
    keep: set[datetime.datetime] = set()
    rules: list[tuple[int, Callable[[datetime.datetime], tuple[int, ...]]]] = [
        (daily, _day),
        (weekly, _week),
        (monthly, _month),
    ]
    for count, period in rules:
        seen: set[tuple[int, ...]] = set()
        for moment in newest_first:
            if len(seen) >= count:
                break
            key = period(moment)
            if key not in seen:
                seen.add(key)
                keep.add(moment)
    return keep


def rotate(directory: Path, *, daily: int, weekly: int, monthly: int) -> list[Path]:
    """Delete the backups in ``directory`` that no rule keeps; returns what was deleted."""
    found = {}
    for path in directory.iterdir():
        moment = backup_time(path.name)
        if moment is not None and path.is_file():
            found[moment] = path
    if not found:
        return []
    keep = backups_to_keep(found, daily=daily, weekly=weekly, monthly=monthly)
    # Whatever the settings, the newest backup is never deleted.
    keep.add(max(found))
    removed = []
    for moment, path in sorted(found.items()):
        if moment not in keep:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed

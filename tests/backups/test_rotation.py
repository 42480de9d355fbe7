"""Rotation keeps the newest backup of each recent day, week and month, and deletes only
files named as backups."""

from __future__ import annotations

import datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from rekisteri.backups.rotation import backup_name, backup_time, backups_to_keep, rotate

UTC = datetime.UTC
moments = st.lists(
    st.datetimes(
        min_value=datetime.datetime(2024, 1, 1),
        max_value=datetime.datetime(2027, 12, 31),
        timezones=st.just(UTC),
    ).map(lambda m: m.replace(microsecond=0)),
    max_size=60,
)
counts = st.integers(0, 10)


@given(moments, counts, counts, counts)
def test_kept_backups_are_a_bounded_subset(times, daily, weekly, monthly) -> None:
    keep = backups_to_keep(times, daily=daily, weekly=weekly, monthly=monthly)
    assert keep <= set(times)
    assert len(keep) <= daily + weekly + monthly


@given(moments.filter(bool), counts.filter(bool), counts, counts)
def test_the_newest_backup_is_always_kept(times, daily, weekly, monthly) -> None:
    assert max(times) in backups_to_keep(times, daily=daily, weekly=weekly, monthly=monthly)


@given(moments, counts, counts, counts)
def test_rotating_again_deletes_nothing_more(times, daily, weekly, monthly) -> None:
    keep = backups_to_keep(times, daily=daily, weekly=weekly, monthly=monthly)
    assert backups_to_keep(keep, daily=daily, weekly=weekly, monthly=monthly) == keep


@given(moments, counts)
def test_each_of_the_last_days_keeps_its_newest_backup(times, daily) -> None:
    keep = backups_to_keep(times, daily=daily, weekly=0, monthly=0)
    days = sorted({t.date() for t in times}, reverse=True)[:daily]
    for day in days:
        assert max(t for t in times if t.date() == day) in keep
    assert len(keep) == len(days)


@given(moments, counts)
def test_each_of_the_last_months_keeps_its_newest_backup(times, monthly) -> None:
    keep = backups_to_keep(times, daily=0, weekly=0, monthly=monthly)
    months = sorted({(t.year, t.month) for t in times}, reverse=True)[:monthly]
    for month in months:
        assert max(t for t in times if (t.year, t.month) == month) in keep


@given(moments.filter(bool))
def test_names_carry_their_time(times) -> None:
    for moment in times:
        assert backup_time(backup_name(moment)) == moment


def test_a_year_of_daily_backups_is_thinned_to_the_configured_set(tmp_path: Path) -> None:
    start = datetime.datetime(2026, 1, 1, 3, 0, tzinfo=UTC)
    for day in range(365):
        (tmp_path / backup_name(start + datetime.timedelta(days=day))).write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / "rekisteri-20260101T030000Z.rkb.part").write_bytes(b"x")
    (tmp_path / "other-20260101T030000Z.rkb").write_bytes(b"x")

    removed = rotate(tmp_path, daily=7, weekly=4, monthly=12)

    left = sorted(p.name for p in tmp_path.iterdir() if backup_time(p.name))
    assert len(removed) == 365 - len(left)
    assert 12 <= len(left) <= 7 + 4 + 12
    assert backup_name(start + datetime.timedelta(days=364)) in left
    for other in ("notes.txt", "rekisteri-20260101T030000Z.rkb.part", "other-20260101T030000Z.rkb"):
        assert (tmp_path / other).exists()


def test_the_newest_backup_survives_rules_that_keep_nothing(tmp_path: Path) -> None:
    start = datetime.datetime(2026, 1, 1, tzinfo=UTC)
    for day in range(3):
        (tmp_path / backup_name(start + datetime.timedelta(days=day))).write_bytes(b"x")
    rotate(tmp_path, daily=0, weekly=0, monthly=0)
    assert [p.name for p in tmp_path.iterdir()] == [backup_name(start + datetime.timedelta(days=2))]

"""The benchmark's own safety: it must never run on the configured database. (The
benchmarks themselves are run by hand with ``make bench``, never here.)"""

from __future__ import annotations

import pytest

from bench.run import BENCH_DATABASE, Figure, bench_database_url, is_postgresql


def test_the_benchmark_database_is_beside_the_configured_one() -> None:
    url = "postgres://postgres:secret@127.0.0.1:5432/rekisteri?sslmode=disable"

    assert bench_database_url(url) == (
        f"postgres://postgres:secret@127.0.0.1:5432/{BENCH_DATABASE}?sslmode=disable"
    )


def test_a_configured_database_of_the_benchmarks_name_is_refused() -> None:
    with pytest.raises(SystemExit):
        bench_database_url(f"postgres://postgres@127.0.0.1/{BENCH_DATABASE}")


def test_only_postgresql_urls_get_a_separate_database() -> None:
    assert is_postgresql("postgresql://u@h/db")
    assert is_postgresql("postgres://u@h/db")
    assert not is_postgresql("sqlite:////tmp/x.sqlite3")


def test_ratios_read_above_one_when_the_target_is_met() -> None:
    assert Figure("t", 30, "s", 60, higher_is_better=False).ratio == 2
    assert Figure("r", 10_000, "events/s", 5_000, higher_is_better=True).ratio == 2
    assert Figure("r", 2_500, "events/s", 5_000, higher_is_better=True).ratio == 0.5

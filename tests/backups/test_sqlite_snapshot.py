"""The SQLite snapshot on its own, on a database of its own: the file read directly stays the
state the read began with while others write and checkpoint, and when a reader holding an
old state keeps the log from being copied, SQLite's online backup is used instead."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from rekisteri.backups import databases
from rekisteri.backups.errors import BackupError

ROWS = 4000  # about 4 MiB: more than the child's pipe holds, so it is still reading


def _connect(path: Path) -> sqlite3.Connection:
    database = sqlite3.connect(path, isolation_level=None, timeout=20)
    database.execute("PRAGMA journal_mode=WAL")
    return database


@pytest.fixture
def live(tmp_path: Path) -> Path:
    path = tmp_path / "live.sqlite3"
    with contextlib.closing(_connect(path)) as database:
        database.execute("CREATE TABLE balloon (id INTEGER PRIMARY KEY, colour TEXT)")
        database.execute("BEGIN")
        database.executemany("INSERT INTO balloon (colour) VALUES (?)", [["red" * 300]] * ROWS)
        database.execute("COMMIT")
    return path


def _repaint(path: Path, colour: str) -> None:
    """Another writer changes every page of the table, and commits."""
    with contextlib.closing(_connect(path)) as database:
        database.execute("UPDATE balloon SET colour = ?", [colour * 300])


def _colours(path: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(path)) as database:
        assert database.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = database.execute("SELECT DISTINCT colour FROM balloon").fetchall()
    return {row[0][: len(row[0]) // 300] for row in rows}


def _write(chunks: Iterator[bytes], path: Path, first: bytes = b"") -> Path:
    path.write_bytes(first + b"".join(chunks))
    return path


def test_the_file_read_stays_as_it_was_while_others_write_and_checkpoint(
    live: Path, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    with databases.sqlite_snapshot(live, work) as (facts, chunks):
        first = next(chunks)  # the child is reading the file now
        _repaint(live, "blue")
        with contextlib.closing(_connect(live)) as other:
            # A checkpoint would now copy the blue pages into the file; the open read
            # transaction must keep it from doing so while the file is being read.
            other.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        copy = _write(chunks, tmp_path / "copy.sqlite3", first)
        assert list(work.iterdir()) == [], "the file itself was read, not a copy"
    assert facts["row_counts"]["balloon"] == ROWS
    assert _colours(copy) == {"red"}
    assert _colours(live) == {"blue"}


def test_a_reader_holding_an_old_state_makes_sqlite_copy_it_instead(
    live: Path, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    with contextlib.closing(_connect(live)) as old_reader:
        old_reader.execute("BEGIN")
        old_reader.execute("SELECT COUNT(*) FROM balloon").fetchone()
        _repaint(live, "blue")  # in the log, which cannot be copied past the old reader
        with databases.sqlite_snapshot(live, work) as (facts, chunks):
            assert [path.name for path in work.iterdir()] == ["snapshot.sqlite3"]
            copy = _write(chunks, tmp_path / "copy.sqlite3")
        old_reader.execute("ROLLBACK")
    assert facts["row_counts"]["balloon"] == ROWS
    assert _colours(copy) == {"blue"}, "the newest committed state, not the old reader's"


def test_a_file_shorter_than_its_header_says_is_an_error(live: Path) -> None:
    size = live.stat().st_size
    with pytest.raises(BackupError, match="shorter"):
        b"".join(databases._copied_by_child(live, size + 4096))


def _children() -> list[str]:
    """The processes this one has started and not yet waited for (Linux)."""
    found = []
    for listing in Path(f"/proc/{os.getpid()}/task").glob("*/children"):
        found += listing.read_text().split()
    return found


def _stop_half_way(live: Path, work: Path) -> None:
    with databases.sqlite_snapshot(live, work) as (_facts, chunks):
        next(chunks)
        raise RuntimeError("disk full")


def test_a_backup_stopped_half_way_ends_its_read_at_once(live: Path, tmp_path: Path) -> None:
    """A failure while the file is read (a full disk, say) is the error reported, and
    leaves neither the reading child nor the read transaction behind; an open read would
    keep every later checkpoint from finishing."""
    work = tmp_path / "work"
    work.mkdir()
    before = _children()
    with contextlib.closing(_connect(live)) as bystander:
        with pytest.raises(RuntimeError, match="disk full") as raised:
            _stop_half_way(live, work)
        # Checked while the error, and so everything its traceback refers to, still lives.
        assert _children() == before, raised.value
        bystander.execute("UPDATE balloon SET colour = 'blue'")
        busy, _, _ = bystander.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    assert busy == 0

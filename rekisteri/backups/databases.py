"""What a backup needs from each database: a consistent snapshot taken while the site runs,
the facts for the manifest, an integrity check, and putting a snapshot back.

SQLite is copied with its online backup API; PostgreSQL with ``pg_dump --format=custom``
inside an exported snapshot, so the manifest's row counts describe exactly the rows dumped.
Connection details for the PostgreSQL tools go through their environment (``PGPASSWORD``),
never their command line, where other users of the machine could read them.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext as _

from rekisteri.backups.errors import BackupError

READ_SIZE = 1024 * 1024


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _facts(cursor: Any, tables: Sequence[str]) -> dict[str, Any]:
    """Schema version (applied migrations per app), rows per table and the audit head."""
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quoted(table)}")  # noqa: S608
        counts[table] = int(cursor.fetchone()[0])
    schema: dict[str, list[str]] = {}
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            schema.setdefault(app, []).append(name)
    head = {"sequence": 0, "hash": "0" * 64}
    if "audit_audithead" in counts:
        cursor.execute("SELECT sequence, hash FROM audit_audithead WHERE id = 1")
        row = cursor.fetchone()
        if row is not None:
            head = {"sequence": int(row[0]), "hash": str(row[1])}
    return {"schema": schema, "row_counts": counts, "audit_head": head}


# SQLite ---------------------------------------------------------------------------------


@contextlib.contextmanager
def sqlite_snapshot(live: Path, work: Path) -> Iterator[tuple[dict[str, Any], Iterator[bytes]]]:
    """The manifest facts and the bytes of one state of the live database, taken while the
    site goes on writing.

    Usually the database file itself is read, under a read transaction in which the file
    holds the whole state it sees (see ``_whole_file``); otherwise SQLite's online backup
    copies the state into ``work``, a private directory, and the copy is read.
    """
    with contextlib.closing(sqlite3.connect(live, timeout=20, isolation_level=None)) as reader:
        size = _whole_file(reader, live)
        if size is not None:
            try:
                facts = _sqlite_facts(reader)
                # Closed here, not whenever it is collected: the child is done before the
                # read transaction that keeps the file whole ends.
                with contextlib.closing(_copied_by_child(live, size)) as chunks:
                    yield facts, chunks
            finally:
                reader.execute("ROLLBACK")
            return
    snapshot = work / "snapshot.sqlite3"
    _sqlite_backup(live, snapshot)
    with contextlib.closing(sqlite3.connect(snapshot)) as copy:
        facts = _sqlite_facts(copy)
    with contextlib.closing(_chunks_of(snapshot)) as chunks:
        yield facts, chunks


def _whole_file(reader: sqlite3.Connection, live: Path, attempts: int = 3) -> int | None:
    """Open a read transaction on ``reader`` in which the database file alone holds the
    state it sees, and return that state's size in bytes; None if the site keeps that from
    happening (``reader`` is then left outside any transaction).

    In WAL mode a reader sees the database file overlaid with the log's frames up to its
    mark. A checkpoint copies frames into the file, but never past the mark of any reader, so
    once a checkpoint run after the transaction began reports every frame of the log copied,
    the reader's frames are all in the file and no later checkpoint can change what it
    reads there. (In rollback-journal mode the read lock alone keeps writers out of the
    file, and the checkpoint reports -1 for both.)
    """
    with contextlib.closing(sqlite3.connect(live, timeout=20, isolation_level=None)) as other:
        other.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        for _ in range(attempts):
            reader.execute("BEGIN")
            reader.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # the read begins
            page_size = reader.execute("PRAGMA page_size").fetchone()[0]
            pages = reader.execute("PRAGMA page_count").fetchone()[0]
            _busy, in_log, copied = other.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            if in_log == copied:
                return int(page_size) * int(pages)
            reader.execute("ROLLBACK")
    return None


def _copied_by_child(path: Path, size: int) -> Generator[bytes]:
    """The first ``size`` bytes of ``path``, read by a child process (see ``filecopy``), in
    chunks of ``READ_SIZE``."""
    argv = [sys.executable, "-m", "rekisteri.backups.filecopy", str(path), str(size)]
    with _run(argv, dict(os.environ)) as child:
        assert child.stdout is not None
        with contextlib.suppress(OSError):  # a pipe of a chunk's size: fewer, larger reads
            fcntl.fcntl(child.stdout.fileno(), fcntl.F_SETPIPE_SZ, READ_SIZE)
        received = 0
        while chunk := child.stdout.read(READ_SIZE):
            received += len(chunk)
            yield chunk
    if received != size:
        raise BackupError(_("the database file was shorter than its own header says"))


def _chunks_of(path: Path) -> Generator[bytes]:
    with path.open("rb") as source:
        while chunk := source.read(READ_SIZE):
            yield chunk


def _sqlite_backup(live: Path, into: Path) -> None:
    source = sqlite3.connect(live, timeout=20)
    try:
        target = sqlite3.connect(into)
        try:
            # A scratch file, deleted once sealed: nothing to gain from flushing it to disk.
            target.execute("PRAGMA synchronous=OFF")
            target.execute("PRAGMA journal_mode=OFF")
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()


def sqlite_facts(path: Path) -> dict[str, Any]:
    with contextlib.closing(sqlite3.connect(path)) as database:
        return _sqlite_facts(database)


def _sqlite_facts(database: sqlite3.Connection) -> dict[str, Any]:
    cursor = database.cursor()
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return _facts(cursor, [row[0] for row in cursor.fetchall()])


def sqlite_integrity(path: Path) -> str | None:
    """None when the file is a sound database, else SQLite's first complaint."""
    try:
        with contextlib.closing(sqlite3.connect(path)) as database:
            rows = database.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        return str(error)
    return None if rows == [("ok",)] else str(rows[0][0])


def sqlite_install(snapshot: Path, live: Path) -> None:
    """Put ``snapshot`` (a file in the live database's directory) in place of the live one.

    Django's connections are closed first; the old database's write-ahead log is folded in
    and removed, so it cannot be replayed onto the new file.
    """
    for connection in connections.all():
        connection.close()
    if live.exists():
        with contextlib.closing(sqlite3.connect(live, timeout=20)) as old:
            old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.replace(snapshot, live)
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{live}{suffix}")
    _fsync_directory(live.parent)


def sqlite_is_used(live: Path) -> bool:
    if not live.exists():
        return False
    with contextlib.closing(sqlite3.connect(live, timeout=20)) as database:
        return _has_register_data(database.cursor(), _sqlite_tables(database))


def _sqlite_tables(database: sqlite3.Connection) -> set[str]:
    rows = database.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {row[0] for row in rows}


def _has_register_data(cursor: Any, tables: set[str]) -> bool:
    """A database holds a register once anything was audited, or someone is in it."""
    for table in ("audit_auditevent", "customers_customer", "accounts_user"):
        if table in tables:
            cursor.execute(f"SELECT 1 FROM {quoted(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone() is not None:
                return True
    return False


def _fsync_directory(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# PostgreSQL -----------------------------------------------------------------------------


def pg_environment(config: dict[str, Any], name: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    options = config.get("OPTIONS") or {}
    for variable, value in (
        ("PGHOST", config.get("HOST")),
        ("PGPORT", config.get("PORT")),
        ("PGUSER", config.get("USER")),
        ("PGPASSWORD", config.get("PASSWORD")),
        ("PGDATABASE", name or config.get("NAME")),
        ("PGSSLMODE", options.get("sslmode")),
    ):
        if value:
            env[variable] = str(value)
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(_("%(tool)s is not installed") % {"tool": name})
    return found


def _pg_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return [row[0] for row in cursor.fetchall()]


def pg_snapshot(
    using: str, begin: Callable[[dict[str, Any]], None], sink: Callable[[bytes], None]
) -> None:
    """Take the manifest facts and ``pg_dump`` in one exported snapshot: ``begin`` gets the
    facts, then ``sink`` the dump's bytes as they come."""
    connection = connections[using]
    config = connection.settings_dict
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        begin(_facts(cursor, _pg_tables(cursor)))
        argv = [
            _tool("pg_dump"),
            "--format=custom",
            "--no-password",
            f"--snapshot={snapshot_id}",
        ]
        with _run(argv, pg_environment(config)) as dump:
            assert dump.stdout is not None
            while chunk := dump.stdout.read(READ_SIZE):
                sink(chunk)


@contextlib.contextmanager
def _run(argv: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """A PostgreSQL tool whose output is read as a stream; its failure becomes one line."""
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            argv, env=env, stdout=subprocess.PIPE, stderr=errors, stdin=subprocess.DEVNULL
        )
        try:
            yield process
        finally:
            if process.stdout is not None:
                process.stdout.close()
            code = process.wait()
        if code != 0:
            errors.seek(0)
            raise BackupError(
                _("%(tool)s failed: %(error)s")
                % {"tool": Path(argv[0]).name, "error": _first_line(errors)}
            )


def _first_line(stream: IO[bytes]) -> str:
    for raw in stream.read().decode(errors="replace").splitlines():
        if raw.strip():
            return raw.strip()
    return _("no message")


def pg_check_archive(archive: Path) -> None:
    """``pg_restore --list`` reads the whole table of contents of a custom-format dump."""
    with _run([_tool("pg_restore"), "--list", str(archive)], dict(os.environ)) as listing:
        assert listing.stdout is not None
        while listing.stdout.read(READ_SIZE):
            pass


def pg_restore(archive: Path, config: dict[str, Any], name: str, *, clean: bool) -> None:
    """Restore in one transaction: if anything fails, the database is left as it was."""
    argv = [
        _tool("pg_restore"),
        "--no-password",
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={name}",
    ]
    if clean:
        argv += ["--clean", "--if-exists"]
    with _run([*argv, str(archive)], pg_environment(config, name)) as restore:
        assert restore.stdout is not None
        restore.stdout.read()


def pg_facts(database: BaseDatabaseWrapper) -> dict[str, Any]:
    with database.cursor() as cursor:
        return _facts(cursor, _pg_tables(cursor))


def pg_is_used(using: str = DEFAULT_DB_ALIAS) -> bool:
    with connections[using].cursor() as cursor:
        return _has_register_data(cursor, set(_pg_tables(cursor)))


def pg_close(using: str = DEFAULT_DB_ALIAS) -> None:
    connections[using].close()

"""Taking, checking and restoring backups (issue 6; seed S14, S19; GDPR Art. 32).

``backup_create`` snapshots the database while the site runs and writes it encrypted, with its
manifest, atomically into the backup location. ``backup_verify`` opens a backup the way a
restore would and checks it through. ``backup_restore`` checks first and changes nothing
unless the backup is sound; after putting it back it erases again everyone in the erasure
ledger, applies the retention rules and verifies the audit chain, so a restore never brings
back a person who asked to be erased.
"""

from __future__ import annotations

import contextlib
import copy
import os
import secrets
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import load_backend
from django.utils import timezone
from django.utils.translation import gettext as _

from rekisteri.audit.actors import Actor
from rekisteri.audit.anchor import AnchorError, anchor_restore_mark
from rekisteri.audit.services import audit_record
from rekisteri.audit.verify import VerifyResult, audit_verify
from rekisteri.backups import databases
from rekisteri.backups.container import BackupReader, BackupWriter, Trailer
from rekisteri.backups.errors import BackupError
from rekisteri.backups.keys import backup_key
from rekisteri.backups.manifest import manifest_check, manifest_for, total_rows
from rekisteri.backups.rotation import backup_name, rotate
from rekisteri.backups.streams import BackgroundWriter
from rekisteri.customers.models import Customer
from rekisteri.privacy.erasure import ErasureReason
from rekisteri.privacy.ledger import ledger_lines
from rekisteri.privacy.services import retention_run, subject_erase


@dataclass
class BackupReport:
    path: Path
    manifest: dict[str, Any]
    trailer: Trailer
    rotated: list[Path] = field(default_factory=list)


@dataclass
class VerifyReport:
    manifest: dict[str, Any]
    trailer: Trailer
    integrity: str  # what the database's own check said
    chain: VerifyResult | None  # None when the chain could not be looked at (see ``note``)
    note: str = ""
    recorded: bool = True  # whether the audit log took the record of this check


@dataclass
class RestoreReport:
    manifest: dict[str, Any]
    erased_again: int = 0
    erased_in_part: int = 0
    retention_removed: dict[str, int] = field(default_factory=dict)
    retention_people: int = 0
    chain: VerifyResult | None = None


def _vendor() -> str:
    return connections[DEFAULT_DB_ALIAS].vendor


def _live_sqlite() -> Path:
    return Path(connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]).resolve()


def _work_directory(near: Path) -> tempfile.TemporaryDirectory[str]:
    """A private (0700) directory for plaintext snapshots, never in the backup location."""
    near.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(dir=near, prefix=".rekisteri-backup-")


@contextlib.contextmanager
def _closing_descriptor(descriptor: int) -> Iterator[int]:
    try:
        yield descriptor
    finally:
        os.close(descriptor)


def _fsync_directory(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# Taking a backup ------------------------------------------------------------------------


def backup_create(*, actor: Actor, directory: Path | None = None) -> BackupReport:
    directory = Path(directory or settings.REKISTERI_BACKUP_DIR).resolve()
    key = backup_key(create=True)
    directory.mkdir(parents=True, exist_ok=True)
    moment = timezone.now().replace(microsecond=0)
    final = directory / backup_name(moment)
    vendor = _vendor()
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".rekisteri-", suffix=".part")
    manifest: dict[str, Any] = {}
    try:
        with (
            _closing_descriptor(descriptor),
            BackgroundWriter(descriptor, write_behind=True) as out,
            contextlib.closing(BackupWriter(out, key)) as writer,
        ):

            def begin(facts: dict[str, Any]) -> None:
                manifest.update(manifest_for(vendor, facts, moment))
                writer.manifest(manifest)

            if vendor == "sqlite":
                with (
                    _work_directory(Path(settings.DATA_DIR)) as work,
                    databases.sqlite_snapshot(_live_sqlite(), Path(work)) as (facts, chunks),
                ):
                    begin(facts)
                    for chunk in chunks:
                        writer.write(chunk)
            else:
                databases.pg_snapshot(DEFAULT_DB_ALIAS, begin, writer.write)
            trailer = writer.finish()
            out.sync()
        try:
            os.link(temporary, final)  # unlike rename, never replaces an existing backup
        except FileExistsError:
            raise BackupError(
                _("a backup named %(name)s already exists") % {"name": final.name}
            ) from None
        _fsync_directory(directory)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="backup.create",
            detail={
                "tables": len(manifest["row_counts"]),
                "rows": total_rows(manifest),
                "audit_sequence": manifest["audit_head"]["sequence"],
                "bytes": trailer.payload_size,
                "country": manifest["country"],
            },
        )
    rotated = rotate(
        directory,
        daily=settings.REKISTERI_BACKUP_KEEP_DAILY,
        weekly=settings.REKISTERI_BACKUP_KEEP_WEEKLY,
        monthly=settings.REKISTERI_BACKUP_KEEP_MONTHLY,
    )
    return BackupReport(final, manifest, trailer, rotated)


# Reading a backup -----------------------------------------------------------------------


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[tuple[BackupReader, dict[str, Any]]]:
    try:
        source: IO[bytes] = Path(path).open("rb")  # noqa: SIM115 (closed below)
    except OSError as error:
        raise BackupError(
            _("the backup file cannot be read: %(error)s") % {"error": error.strerror}
        ) from None
    with source:
        reader = BackupReader(source, backup_key(create=False))
        yield reader, reader.manifest()


def _decrypt(reader: BackupReader, target: Path, *, durable: bool = False) -> Trailer:
    """The snapshot, authenticated chunk by chunk, into a new private file: ``durable`` for
    one that becomes the live database, on disk when this returns; otherwise a scratch
    file, about to be read."""
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with (
        _closing_descriptor(descriptor),
        BackgroundWriter(descriptor, write_behind=durable) as out,
    ):
        for chunk in reader.payload():
            out.write(chunk)
        if durable:
            out.sync()
    assert reader.trailer is not None
    return reader.trailer


@contextlib.contextmanager
def _connection_to(**overrides: Any) -> Iterator[BaseDatabaseWrapper]:
    """A private connection to a backup's copy, read with the ordinary code (it is not
    registered among Django's databases, so nothing else can reach it by mistake)."""
    config = {**copy.deepcopy(connections[DEFAULT_DB_ALIAS].settings_dict), **overrides}
    database = load_backend(config["ENGINE"]).DatabaseWrapper(config, alias="backup_copy")
    try:
        yield database
    finally:
        database.close()


def _compare(manifest: dict[str, Any], facts: dict[str, Any]) -> None:
    for name in ("schema", "row_counts", "audit_head"):
        if manifest.get(name) != facts[name]:
            raise BackupError(
                _("the backup's database does not match its manifest (%(what)s)") % {"what": name}
            )


def _chain_problem(result: VerifyResult) -> BackupError:
    return BackupError(
        _("the audit chain inside the backup does not verify: %(problem)s")
        % {"problem": result.problem}
    )


def _check_sqlite_copy(
    copy_path: Path, manifest: dict[str, Any], *, integrity: bool
) -> VerifyResult:
    """The copy opens, and its schema, row counts and audit head are the manifest's; its
    audit chain's verdict is returned. ``integrity`` adds SQLite's ``integrity_check``,
    which reads and cross-checks every page (see ``backup_restore`` for when)."""
    if integrity:
        problem = databases.sqlite_integrity(copy_path)
        if problem is not None:
            raise BackupError(
                _("the database inside the backup fails its integrity check: %(problem)s")
                % {"problem": problem}
            )
    try:
        facts = databases.sqlite_facts(copy_path)
    except sqlite3.DatabaseError:
        raise BackupError(_("the database inside the backup cannot be opened")) from None
    _compare(manifest, facts)
    with _connection_to(NAME=str(copy_path)) as database:
        return audit_verify(database=database, snapshot=True)


def backup_verify(*, actor: Actor, path: Path) -> VerifyReport:
    """Open the backup as a restore would and check everything inside it. Nothing changes
    but the audit log, which records the check and its outcome: evidence of the regular
    testing GDPR Art. 32(1)(d) asks for."""
    try:
        report = _verified(path)
    except BackupError:
        _audit_verify(actor, ok=False, manifest=None)
        raise
    report.recorded = _audit_verify(actor, ok=True, manifest=report.manifest)
    return report


def _audit_verify(actor: Actor, *, ok: bool, manifest: dict[str, Any] | None) -> bool:
    """Record the check; a backup may also be checked where no register database is
    (another machine), so a database that cannot take the record does not fail it."""
    detail: dict[str, Any] = {"ok": ok}
    if manifest is not None:
        detail["rows"] = total_rows(manifest)
        detail["audit_sequence"] = manifest["audit_head"]["sequence"]
    return _audit_if_possible(actor, "backup.verify", detail)


def _audit_if_possible(actor: Actor, action: str, detail: dict[str, Any]) -> bool:
    """Record the event; False where the database has no register tables to take it."""
    try:
        with transaction.atomic():
            audit_record(actor=actor, action=action, detail=detail)
    except DatabaseError:
        return False
    return True


def _verified(path: Path) -> VerifyReport:
    with _opened(path) as (reader, manifest), _work_directory(Path(settings.DATA_DIR)) as work:
        manifest_check(manifest, manifest.get("vendor", ""))
        snapshot = Path(work) / "snapshot"
        trailer = _decrypt(reader, snapshot)
        if manifest["vendor"] == "sqlite":
            chain = _check_sqlite_copy(snapshot, manifest, integrity=True)
            if not chain.ok:
                raise _chain_problem(chain)
            return VerifyReport(manifest, trailer, "PRAGMA integrity_check: ok", chain)
        databases.pg_check_archive(snapshot)
        if _vendor() != "postgresql":
            return VerifyReport(
                manifest,
                trailer,
                "pg_restore --list: ok",
                None,
                _("the audit chain was not checked: this register does not use PostgreSQL"),
            )
        return _verify_pg_archive(snapshot, manifest, trailer)


def _verify_pg_archive(archive: Path, manifest: dict[str, Any], trailer: Trailer) -> VerifyReport:
    with _scratch_copy(archive, manifest) as copied:
        if copied is None:
            return VerifyReport(
                manifest,
                trailer,
                "pg_restore --list: ok",
                None,
                _("the audit chain was not checked: no right to create a scratch database"),
            )
        _scratch, chain = copied
    if not chain.ok:
        raise _chain_problem(chain)
    return VerifyReport(manifest, trailer, "pg_restore into a scratch database: ok", chain)


@contextlib.contextmanager
def _maintenance() -> Iterator[BaseDatabaseWrapper]:
    """A connection to the server's ``postgres`` database, for creating, renaming and
    dropping databases (none of which can be done while connected to them)."""
    with _connection_to(NAME="postgres") as database:
        yield database


@contextlib.contextmanager
def _scratch_copy(
    archive: Path, manifest: dict[str, Any]
) -> Iterator[tuple[str, VerifyResult] | None]:
    """Restore the archive into a new database beside the live one and check it there:
    yields its name and the chain's verdict, or None without the right to create databases.
    The scratch database is dropped afterwards unless it has been renamed meanwhile."""
    config = connections[DEFAULT_DB_ALIAS].settings_dict
    scratch = f"rekisteri_restore_{secrets.token_hex(6)}"
    with _maintenance() as maintenance:
        try:
            with maintenance.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_encoding_to_char(encoding), datcollate, datctype "
                    "FROM pg_database WHERE datname = %s",
                    [config["NAME"]],
                )
                encoding, collate, ctype = cursor.fetchone()
                cursor.execute(
                    f"CREATE DATABASE {databases.quoted(scratch)} TEMPLATE template0 "
                    "ENCODING %s LC_COLLATE %s LC_CTYPE %s",
                    [encoding, collate, ctype],
                )
        except DatabaseError:
            yield None
            return
        try:
            databases.pg_restore(archive, config, scratch, clean=False)
            with _connection_to(NAME=scratch) as database:
                _compare(manifest, databases.pg_facts(database))
                chain = audit_verify(database=database, snapshot=True)
            yield scratch, chain
        finally:
            with maintenance.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {databases.quoted(scratch)} WITH (FORCE)")


def _swap_in(scratch: str) -> bool:
    """Put the checked scratch database in the live one's place by renaming both; the old
    one is dropped. False (and nothing changed) if the server does not allow it, for example
    while other sessions are connected to the live database, or if what belongs to the live
    database outside it cannot be carried over (see ``_carry_over``)."""
    live = connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]
    old = f"{live[:40]}_replaced_{secrets.token_hex(4)}"
    for connection in connections.all():
        connection.close()
    with _maintenance() as maintenance, maintenance.cursor() as cursor:
        try:
            if not _carry_over(cursor, live, scratch):
                return False
            cursor.execute(
                f"ALTER DATABASE {databases.quoted(live)} RENAME TO {databases.quoted(old)}"
            )
        except DatabaseError:
            return False
        try:
            cursor.execute(
                f"ALTER DATABASE {databases.quoted(scratch)} RENAME TO {databases.quoted(live)}"
            )
        except DatabaseError:
            cursor.execute(
                f"ALTER DATABASE {databases.quoted(old)} RENAME TO {databases.quoted(live)}"
            )
            return False
        cursor.execute(f"DROP DATABASE {databases.quoted(old)} WITH (FORCE)")
    return True


_DATABASE_PRIVILEGES = {"CREATE", "CONNECT", "TEMPORARY"}


def _carry_over(cursor: Any, live: str, scratch: str) -> bool:
    """Give the scratch database the live one's owner, privileges and connection limit,
    which belong to the database and not to what is inside it (a dump has none of them).
    False where the live database also has settings of its own (``ALTER DATABASE … SET``),
    which are not carried over: restoring in place keeps them. Raises DatabaseError
    without the right to do it."""
    cursor.execute(
        "SELECT pg_get_userbyid(d.datdba), d.datconnlimit, d.datacl IS NULL, "
        "EXISTS (SELECT 1 FROM pg_db_role_setting s WHERE s.setdatabase = d.oid) "
        "FROM pg_database d WHERE d.datname = %s",
        [live],
    )
    owner, limit, default_privileges, has_settings = cursor.fetchone()
    if has_settings:
        return False
    target = databases.quoted(scratch)
    cursor.execute(f"ALTER DATABASE {target} OWNER TO {databases.quoted(owner)}")
    cursor.execute(f"ALTER DATABASE {target} CONNECTION LIMIT {int(limit)}")
    if default_privileges:
        return True
    cursor.execute(f"REVOKE ALL ON DATABASE {target} FROM PUBLIC, {databases.quoted(owner)}")
    cursor.execute(
        "SELECT CASE WHEN a.grantee = 0 THEN NULL ELSE pg_get_userbyid(a.grantee) END, "
        "a.privilege_type, a.is_grantable "
        "FROM pg_database d, aclexplode(d.datacl) a WHERE d.datname = %s",
        [live],
    )
    for grantee, privilege, grantable in cursor.fetchall():
        assert privilege in _DATABASE_PRIVILEGES, privilege
        to = "PUBLIC" if grantee is None else databases.quoted(grantee)
        option = " WITH GRANT OPTION" if grantable else ""
        cursor.execute(f"GRANT {privilege} ON DATABASE {target} TO {to}{option}")
    return True


def _restore_pg(archive: Path, manifest: dict[str, Any]) -> VerifyResult:
    """Restore into a scratch database, check it, then swap it in; where the server allows
    no new databases or renames, restore in place (in one transaction) and check after."""
    databases.pg_check_archive(archive)
    with _scratch_copy(archive, manifest) as copied:
        if copied is not None:
            scratch, chain = copied
            if not chain.ok:
                raise _chain_problem(chain)
            if _swap_in(scratch):
                return chain
    databases.pg_close()
    config = connections[DEFAULT_DB_ALIAS].settings_dict
    databases.pg_restore(archive, config, config["NAME"], clean=True)
    chain = audit_verify(snapshot=True)
    if not chain.ok:
        raise BackupError(
            _("the backup was restored, but its audit chain does not verify: %(problem)s")
            % {"problem": chain.problem}
        )
    return chain


# Restoring ------------------------------------------------------------------------------


def backup_restore(*, actor: Actor, path: Path, force: bool) -> RestoreReport:
    """Put the backup back, then erase the erased again and verify the chain.

    Every check runs before the live database is touched; a refused restore leaves it as
    it was. The checks are those that decide whether this file may be put back: the key,
    every chunk's authentication and the checksum (the file is, byte for byte, the snapshot
    the backup took), a schema this program knows, the copy's row counts and audit head
    against the manifest, and its audit chain. SQLite's ``integrity_check``, which reads
    and cross-checks every page (over ten seconds for a million customers), is
    ``backup_verify``'s part: the restore procedure runs it first, and the weekly check
    does.

    A refused restore is recorded in the audit log of the register it left alone; a
    database without a register (a new server's) is left without even that record, which
    would make it one that holds a register.
    """
    try:
        manifest, chain = _put_back(path, force=force)
    except BackupError:
        _audit_refused_restore(actor)
        raise
    try:
        return _after_restore(actor, manifest, chain)
    except (DatabaseError, AnchorError, OSError) as error:
        raise BackupError(
            _(
                "the backup was restored, but what follows a restore failed (%(error)s); "
                "run the restore again"
            )
            % {"error": type(error).__name__}
        ) from error


def _holds_register() -> bool:
    if _vendor() == "sqlite":
        return databases.sqlite_is_used(_live_sqlite())
    return databases.pg_is_used()


def _put_back(path: Path, *, force: bool) -> tuple[dict[str, Any], VerifyResult]:
    """Check the backup and put its database in place of the live one."""
    vendor = _vendor()
    with _opened(path) as (reader, manifest):
        manifest_check(manifest, vendor)
        if _holds_register() and not force:
            raise BackupError(_("the database already holds a register; add --force to replace it"))
        if vendor == "sqlite":
            live = _live_sqlite()
            with _work_directory(live.parent) as work:
                restored = Path(work) / "restored.sqlite3"
                _decrypt(reader, restored, durable=True)
                chain = _check_sqlite_copy(restored, manifest, integrity=False)
                if not chain.ok:
                    raise _chain_problem(chain)
                databases.sqlite_install(restored, live)
        else:
            with _work_directory(Path(settings.DATA_DIR)) as work:
                archive = Path(work) / "restored.dump"
                _decrypt(reader, archive)
                chain = _restore_pg(archive, manifest)
    return manifest, chain


def _audit_refused_restore(actor: Actor) -> None:
    try:
        holds_register = _holds_register()
    except DatabaseError:
        return  # a database that cannot even be read has nowhere to record it
    if holds_register:
        _audit_if_possible(actor, "backup.restore", {"ok": False})


def _after_restore(actor: Actor, manifest: dict[str, Any], chain: VerifyResult) -> RestoreReport:
    report = RestoreReport(manifest)
    # The old anchor lines describe a history the restore has just abandoned.
    anchor_restore_mark(chain.head_sequence, chain.head_hash)
    _migrate_if_older()
    report.erased_again, report.erased_in_part = _replay_ledger(actor)
    retention = retention_run(actor=actor)
    report.retention_removed = retention.removed
    report.retention_people = retention.customers_erased
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="backup.restore",
            detail={
                "ok": True,
                "rows": total_rows(manifest),
                "audit_sequence": chain.head_sequence,
                "erased_again": report.erased_again,
                "erased_in_part": report.erased_in_part,
                "retention_rows": sum(retention.removed.values()),
            },
        )
    report.chain = audit_verify()
    if not report.chain.ok:
        raise BackupError(
            _("the backup was restored, but the audit chain does not verify: %(problem)s")
            % {"problem": report.chain.problem}
        )
    return report


def _migrate_if_older() -> None:
    """A backup from an older version gets the newer migrations before anything writes."""
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


def _replay_ledger(actor: Actor) -> tuple[int, int]:
    """Erase again everyone in the ledger who is back; returns (erased, erased in part)."""
    reasons: dict[str, str] = {}
    for line in ledger_lines():
        reasons[line.subject] = line.reason
    erased = in_part = 0
    subjects = sorted(reasons)
    for start in range(0, len(subjects), 500):
        batch = subjects[start : start + 500]
        for customer in Customer.objects.filter(public_id__in=batch).order_by("pk"):
            raw = reasons[str(customer.public_id)]
            reason = ErasureReason(raw) if raw in ErasureReason.values else ErasureReason.REQUEST
            report = subject_erase(actor=actor, customer=customer, reason=reason)
            erased += 1
            in_part += report.partial
    return erased, in_part

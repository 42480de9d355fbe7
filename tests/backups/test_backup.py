"""``rekisteri backup`` and ``backup_verify``: the file, its manifest and its check."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.conf import settings

from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent, AuditHead
from rekisteri.backups.container import BackupReader
from rekisteri.backups.keys import backup_key
from rekisteri.backups.rotation import backup_time
from rekisteri.customers.models import Channel
from rekisteri.customers.services import customer_create
from tests.backups.helpers import run, take_backup

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "aino.ilmapallo@example.fi"


@pytest.fixture
def customer() -> None:
    customer_create(
        actor=Actor.system("test"),
        channel=Channel.REGISTRATION,
        first_name="Aino",
        last_name="Ilmapallo",
        email=EMAIL,
    )


def _manifest(path: Path) -> dict:
    with path.open("rb") as source:
        return BackupReader(source, backup_key(create=False)).manifest()


def test_the_backup_is_written_into_the_backup_location_under_its_time(customer) -> None:
    path, out = take_backup()
    assert path.parent == Path(settings.REKISTERI_BACKUP_DIR)
    assert backup_time(path.name) is not None
    assert "rows in" in out.splitlines()[1]
    assert [p.name for p in path.parent.iterdir()] == [path.name], "no temporary file is left"


def test_the_first_backup_makes_a_private_key(customer) -> None:
    key_file = Path(settings.REKISTERI_BACKUP_KEY_FILE)
    assert not key_file.exists()
    take_backup()
    assert len(key_file.read_bytes()) == 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(next(Path(settings.REKISTERI_BACKUP_DIR).iterdir()).stat().st_mode) == 0o600


def test_a_directory_may_be_given(customer, tmp_path: Path) -> None:
    path, _ = take_backup("--dir", str(tmp_path / "elsewhere"))
    assert path.parent == tmp_path / "elsewhere"


def test_nothing_personal_is_readable_in_the_file(customer) -> None:
    path, _ = take_backup()
    data = path.read_bytes()
    assert EMAIL.encode() not in data
    assert b"Ilmapallo" not in data


def test_the_manifest_describes_the_snapshot(customer) -> None:
    head = AuditHead.objects.get(pk=1)
    path, _ = take_backup()
    manifest = _manifest(path)
    assert manifest["row_counts"]["customers_customer"] == 1
    assert manifest["audit_head"] == {"sequence": head.sequence, "hash": head.hash}
    assert "0001_initial" in manifest["schema"]["customers"]
    assert manifest["country"] == settings.REKISTERI_BACKUP_COUNTRY
    assert manifest["vendor"] in {"sqlite", "postgresql"}


def test_taking_a_backup_is_audited(customer) -> None:
    take_backup()
    event = AuditEvent.objects.get(action="backup.create")
    assert event.actor_ref == "backup"
    assert event.detail["rows"] > 0
    assert event.detail["country"] == settings.REKISTERI_BACKUP_COUNTRY


def test_backup_verify_checks_the_backup_through(customer) -> None:
    path, _ = take_backup()
    out = run("backup_verify", str(path))
    assert "checksum ok" in out
    assert "integrity:" in out and "ok" in out
    assert "customers_customer: 1" in out
    assert "audit chain intact" in out
    assert out.strip().endswith("backup ok")


def test_backup_verify_changes_nothing_but_records_the_check(customer) -> None:
    path, _ = take_backup()
    before = AuditEvent.objects.count()
    run("backup_verify", str(path))
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action="backup.verify")
    assert event.detail["ok"] is True
    assert event.actor_ref == "backup_verify"
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_a_restore_into_an_empty_database_needs_no_force(customer) -> None:
    """As on a new server: the register's tables are there but nothing is in them."""
    path, _ = take_backup()
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    out = run("restore", str(path))
    assert "restored the backup" in out
    assert "audit chain intact" in out


def test_a_backup_taken_while_others_write_is_consistent(customer) -> None:
    """The site keeps running: customers are added during the backup, and the backup is
    still one moment's snapshot, whose rows match its manifest exactly."""
    import threading

    from django.db import connection

    stop = threading.Event()
    added = []

    def keep_writing() -> None:
        try:
            while not stop.is_set():
                _add(f"writer{len(added)}@example.fi")
                added.append(1)
        finally:
            connection.close()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        while len(added) < 3:
            stop.wait(0.01)
        path, _ = take_backup()
    finally:
        stop.set()
        writer.join()
    out = run("backup_verify", str(path))  # compares every table's rows with the manifest
    assert "backup ok" in out
    in_backup = _manifest(path)["row_counts"]["customers_customer"]
    assert 1 + 3 <= in_backup <= 1 + len(added)


def _add(email: str) -> None:
    customer_create(
        actor=Actor.system("test"),
        channel=Channel.REGISTRATION,
        first_name="Kirjoittaja",
        last_name="Rinnakkainen",
        email=email,
    )


def test_the_backup_rotates_old_backups_in_its_directory(customer) -> None:
    import datetime

    from rekisteri.backups.rotation import backup_name

    directory = Path(settings.REKISTERI_BACKUP_DIR)
    directory.mkdir(parents=True)
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    for day in range(60):
        (directory / backup_name(start + datetime.timedelta(days=day))).write_bytes(b"old")
    (directory / "README.txt").write_text("not a backup")

    path, out = take_backup()

    names = {p.name for p in directory.iterdir()}
    assert path.name in names
    assert "README.txt" in names
    assert len(names) - 2 <= 7 + 4 + 12
    assert "rotated away" in out

"""A wrong key, a cut or altered file, a backup from a newer schema, a database already in
use: each gets one clear line, a non-zero exit, and the database stays exactly as it was."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management.base import CommandError

from rekisteri.audit.actors import Actor
from rekisteri.audit.anchor import anchor_path
from rekisteri.audit.models import AuditEvent, AuditHead
from rekisteri.audit.verify import audit_verify
from rekisteri.backups.container import BackupReader, BackupWriter
from rekisteri.backups.keys import backup_key
from rekisteri.customers.models import Channel, Customer
from rekisteri.customers.services import customer_create
from tests.backups.helpers import run, take_backup

pytestmark = pytest.mark.django_db(transaction=True)


def _customer(email: str) -> Customer:
    return customer_create(
        actor=Actor.system("test"),
        channel=Channel.REGISTRATION,
        first_name="Aino",
        last_name="Ilmapallo",
        email=email,
    )


@pytest.fixture
def backup() -> Path:
    """A sound backup of one customer; afterwards the live database has a second one."""
    _customer("in-the-backup@example.fi")
    path, _ = take_backup()
    _customer("only-live@example.fi")
    return path


def _state() -> tuple[list[str], int]:
    head = AuditHead.objects.get(pk=1)
    assert AuditEvent.objects.count() == head.sequence
    return sorted(Customer.objects.values_list("email", flat=True)), head.sequence


def _refused(path: Path, *, force: bool = True, match: str) -> None:
    """Refused with one line; the register is as it was, and its audit log has one entry
    more: the refusal."""
    customers, audited = _state()
    with pytest.raises(CommandError) as raised:
        run("restore", str(path), force=force)
    message = str(raised.value)
    assert match in message
    assert "\n" not in message
    assert _state() == (customers, audited + 1)
    refusal = AuditEvent.objects.get(sequence=audited + 1)
    assert (refusal.action, refusal.actor_ref, refusal.detail) == (
        "backup.restore",
        "restore",
        {"ok": False},
    )


def _changed(path: Path, change: Callable[[bytes], bytes]) -> Path:
    changed = path.with_name("changed.rkb")
    changed.write_bytes(change(path.read_bytes()))
    return changed


def test_a_wrong_key_is_refused(backup: Path) -> None:
    Path(settings.REKISTERI_BACKUP_KEY_FILE).write_bytes(secrets.token_bytes(32))
    _refused(backup, match="another key")
    assert audit_verify().ok, "the refusal's record is chained like any other"
    with pytest.raises(CommandError, match="another key"):
        run("backup_verify", str(backup))
    assert AuditEvent.objects.get(action="backup.verify").detail == {"ok": False}


def test_a_missing_key_is_refused(backup: Path) -> None:
    Path(settings.REKISTERI_BACKUP_KEY_FILE).unlink()
    _refused(backup, match="backup key file")
    assert not Path(settings.REKISTERI_BACKUP_KEY_FILE).exists(), "restore never makes a key"


@pytest.mark.parametrize("keep", [0.999, 0.5, 0.01])
def test_a_truncated_file_is_refused(backup: Path, keep: float) -> None:
    cut = _changed(backup, lambda data: data[: int(len(data) * keep)])
    _refused(cut, match="")
    with pytest.raises(CommandError):
        run("backup_verify", str(cut))


def test_a_file_cut_before_its_final_record_is_called_truncated(backup: Path) -> None:
    cut = _changed(backup, lambda data: data[:-40])
    _refused(cut, match="truncated")


def test_a_flipped_byte_is_refused(backup: Path) -> None:
    def flip(data: bytes) -> bytes:
        middle = len(data) // 2
        return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :]

    _refused(_changed(backup, flip), match="altered")
    with pytest.raises(CommandError, match="altered"):
        run("backup_verify", str(_changed(backup, flip)))


def _resealed(backup: Path, change: Callable[[dict], None]) -> Path:
    """The backup with its manifest changed, sealed again with the right key: only the
    manifest's own checks can stop it."""
    key = backup_key(create=False)
    changed = backup.with_name("resealed.rkb")
    with backup.open("rb") as source, changed.open("wb") as out:
        reader = BackupReader(source, key)
        manifest = reader.manifest()
        change(manifest)
        writer = BackupWriter(out, key)
        writer.manifest(manifest)
        for chunk in reader.payload():
            writer.write(chunk)
        writer.finish()
    return changed


def test_a_backup_from_a_newer_schema_is_refused(backup: Path) -> None:
    newer = _resealed(backup, lambda m: m["schema"]["customers"].append("9999_from_the_future"))
    _refused(newer, match="newer schema")
    with pytest.raises(CommandError, match="newer schema"):
        run("backup_verify", str(newer))


def test_a_backup_of_the_other_database_kind_is_refused(backup: Path) -> None:
    def other(manifest: dict) -> None:
        manifest["vendor"] = "sqlite" if manifest["vendor"] == "postgresql" else "postgresql"

    _refused(_resealed(backup, other), match="database, but this register uses")


def test_a_manifest_that_does_not_match_the_data_is_refused(backup: Path) -> None:
    def more_customers(manifest: dict) -> None:
        manifest["row_counts"]["customers_customer"] += 1

    _refused(_resealed(backup, more_customers), match="does not match its manifest")


def test_a_database_in_use_is_not_replaced_without_force(backup: Path) -> None:
    _refused(backup, force=False, match="--force")


def test_a_backup_whose_chain_was_never_anchored_is_refused(backup: Path) -> None:
    """A backup made from a doctored database: its audit head is not one the anchor saw."""
    lines = anchor_path().read_text().splitlines()
    forged = [f"{line.split()[0]} {'f' * 64} {line.split()[2]}" for line in lines]
    anchor_path().write_text("\n".join(forged) + "\n")
    _refused(backup, match="audit chain inside the backup")


def test_a_refusal_leaves_a_database_without_a_register_as_empty_as_it_was(
    backup: Path,
) -> None:
    """A new server's database: recording the refusal there would make it one that holds
    a register, and the right backup would then need --force."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    Path(settings.REKISTERI_BACKUP_KEY_FILE).write_bytes(secrets.token_bytes(32))
    with pytest.raises(CommandError, match="another key"):
        run("restore", str(backup))
    assert not AuditEvent.objects.exists()


def test_a_missing_file_is_refused() -> None:
    _customer("live@example.fi")
    _refused(Path("/nonexistent/rekisteri-20260101T000000Z.rkb"), match="cannot be read")


def test_something_else_is_not_restored(tmp_path: Path) -> None:
    _customer("live@example.fi")
    backup_key(create=True)
    other = tmp_path / "other.rkb"
    other.write_bytes(b"SQLite format 3\0" + bytes(4096))
    _refused(other, match="not a Rekisteri backup")


def test_the_command_line_prints_one_line_and_exits_non_zero(backup: Path, tmp_path) -> None:
    """Through the real ``rekisteri`` program, as an operator sees it."""
    env = {
        **os.environ,
        "REKISTERI_BACKUP_KEY_FILE": str(tmp_path / "no-such-key"),
        "LC_ALL": "C.UTF-8",
    }
    done = subprocess.run(
        [sys.executable, "-m", "rekisteri", "backup_verify", str(backup)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    # The message is in the operator's language (Finnish by default); the path is in any.
    assert str(tmp_path / "no-such-key") in done.stderr

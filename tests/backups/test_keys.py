"""The backup key file: made once, private, 32 bytes; never made by a check or a restore."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.conf import settings

from rekisteri.backups.errors import BackupError
from rekisteri.backups.keys import backup_key


def _path() -> Path:
    return Path(settings.REKISTERI_BACKUP_KEY_FILE)


def test_the_key_is_made_once_and_kept_private() -> None:
    first = backup_key(create=True)
    assert len(first) == 32
    assert stat.S_IMODE(_path().stat().st_mode) == 0o600
    assert backup_key(create=True) == first
    assert backup_key(create=False) == first


def test_a_missing_key_is_not_made_when_only_reading() -> None:
    with pytest.raises(BackupError, match="missing"):
        backup_key(create=False)
    assert not _path().exists()


def test_a_key_written_in_hexadecimal_is_taken() -> None:
    _path().write_text("ab" * 32 + "\n")
    assert backup_key(create=False) == bytes([0xAB]) * 32


@pytest.mark.parametrize("content", [b"", b"short", bytes(33), b"zz" * 32])
def test_a_key_of_the_wrong_size_is_refused(content: bytes) -> None:
    _path().write_bytes(content)
    with pytest.raises(BackupError, match="32-byte key"):
        backup_key(create=False)

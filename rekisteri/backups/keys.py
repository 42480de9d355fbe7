"""The backup key: 32 random bytes in ``REKISTERI_BACKUP_KEY_FILE``, readable only by us.

The first backup makes it; checking and restoring need it and never make one, since a new key
could not open any existing backup. Keep a copy apart from both the server and the backups.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from rekisteri.backups.errors import BackupError

KEY_BYTES = 32


def backup_key_path() -> Path:
    return Path(settings.REKISTERI_BACKUP_KEY_FILE)


def backup_key(*, create: bool) -> bytes:
    path = backup_key_path()
    if not path.exists():
        if not create:
            raise BackupError(_("the backup key file %(path)s is missing") % {"path": path})
        _make(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise BackupError(
            _("the backup key file %(path)s cannot be read: %(error)s")
            % {"path": path, "error": error.strerror}
        ) from None
    # Also taken: the key written out as 64 hexadecimal digits (easier to keep on paper).
    text = raw.strip()
    if len(text) == 2 * KEY_BYTES:
        with contextlib.suppress(ValueError):
            return bytes.fromhex(text.decode("ascii"))
    if len(raw) != KEY_BYTES:
        raise BackupError(
            _("the backup key file %(path)s does not hold a 32-byte key") % {"path": path}
        )
    return raw


def _make(path: Path) -> None:
    """Written whole to a private temporary file, then linked into place: no reader sees half
    a key, and of two first writers one simply loses."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(descriptor, 0o600)
        os.write(descriptor, secrets.token_bytes(KEY_BYTES))
        os.fsync(descriptor)
        os.close(descriptor)
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)

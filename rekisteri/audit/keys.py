"""The audit key: made once and kept outside the database, like the anchor file."""

from __future__ import annotations

import os
import secrets
from functools import cache
from pathlib import Path

from django.conf import settings


def audit_key_path() -> Path:
    return Path(settings.REKISTERI_AUDIT_KEY_FILE)


@cache
def _read_key(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def audit_key() -> bytes:
    return _read_key(audit_key_path())

"""The audit key: made once and kept outside the database, like the anchor file."""

from __future__ import annotations

import secrets
from functools import cache
from pathlib import Path

from django.conf import settings

from rekisteri.config import secret_file


def audit_key_path() -> Path:
    return Path(settings.REKISTERI_AUDIT_KEY_FILE)


@cache
def _read_key(name: str) -> bytes:
    return bytes.fromhex(secret_file(Path(name), lambda: secrets.token_hex(32)))


def audit_key() -> bytes:
    # Keyed by the setting's value, so a changed setting (tests) reads the other file.
    return _read_key(str(settings.REKISTERI_AUDIT_KEY_FILE))

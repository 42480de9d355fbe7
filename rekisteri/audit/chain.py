"""The hash chain: how one audit entry's hash is computed from its content and its
predecessor's hash.

The hash is an HMAC-SHA-256 keyed with the audit key, which lies outside the database
(``REKISTERI_AUDIT_KEY_FILE``): someone who can write the table but not read that key cannot
forge a consistent chain.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
from typing import Any

GENESIS_HASH = "0" * 64


def canonical(
    *,
    sequence: int,
    occurred_at: datetime.datetime,
    actor_kind: str,
    actor_ref: str,
    action: str,
    subject: str,
    categories: list[str],
    purpose: str,
    request_id: str,
    detail: dict[str, Any],
    prev_hash: str,
) -> bytes:
    """The exact bytes that are hashed; any change to any column changes them."""
    moment = occurred_at.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    return json.dumps(
        [sequence, moment, actor_kind, actor_ref, action, subject, list(categories), purpose,
         request_id, detail, prev_hash],
        ensure_ascii=False, separators=(",", ":"), sort_keys=True,
    ).encode("utf-8")


def entry_hash(key: bytes, content: bytes) -> str:
    return hmac.new(key, content, hashlib.sha256).hexdigest()

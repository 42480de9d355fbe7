"""The hash chain: how one audit entry's hash is computed from its content and its
predecessor's hash.

The hash is an HMAC-SHA-256 keyed with the audit key, which lies outside the database
(``REKISTERI_AUDIT_KEY_FILE``): someone who can write the table but not read that key cannot
forge a consistent chain.

The hashed text joins the columns with ``|``. Every text column holds only short codes
(letters, digits, ``_.:-``; the services refuse anything else), and the two JSON columns are
compact JSON of such codes and numbers, so no column can contain the separator and the
joined text is unambiguous.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
from typing import Any

GENESIS_HASH = "0" * 64
MOMENT_FORMAT = "%Y-%m-%d %H:%M:%S.%f"  # UTC, always with microseconds


def canonical_moment(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime(MOMENT_FORMAT)


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical(
    *,
    sequence: int,
    moment: str,
    actor_kind: str,
    actor_ref: str,
    actor_roles: str,
    action: str,
    subject: str,
    categories_json: str,
    purpose: str,
    request_id: str,
    detail_json: str,
    prev_hash: str,
) -> bytes:
    """The exact bytes that are hashed; any change to any column changes them."""
    return "|".join(
        (
            str(sequence),
            moment,
            actor_kind,
            actor_ref,
            actor_roles,
            action,
            subject,
            categories_json,
            purpose,
            request_id,
            detail_json,
            prev_hash,
        )
    ).encode("utf-8")


class ChainHasher:
    """HMAC-SHA-256 with the key set up once (verification hashes every entry)."""

    def __init__(self, key: bytes) -> None:
        self._base = hmac.new(key, digestmod=hashlib.sha256)

    def __call__(self, content: bytes) -> str:
        mac = self._base.copy()
        mac.update(content)
        return mac.hexdigest()

"""API tokens: random, shown once, kept only as a hash."""

from __future__ import annotations

import hashlib
import secrets

# A prefix lets secret scanners and people recognise a leaked token for what it is.
TOKEN_PREFIX = "rk_"  # noqa: S105 (a label, not a secret)
# 32 random bytes: 256 bits, beyond guessing.
TOKEN_BYTES = 32
# Nothing longer can be one of our tokens: longer header values are refused unhashed.
TOKEN_MAX_LENGTH = len(TOKEN_PREFIX) + 64


def token_new() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()

"""Sealing short secrets (authenticator keys) for the database with the site's secret key.

The standard library has no block cipher, so this is HMAC-SHA256 in counter mode as the key
stream (a pseudo-random function, with a random nonce per secret) and HMAC-SHA256 over the
nonce and cipher text as the tag (encrypt-then-MAC), each with its own key derived from
``SECRET_KEY``. A copy of the database alone does not give the keys; a tampered value is
refused. Keys in ``SECRET_KEY_FALLBACKS`` still open what they sealed, so the secret key can
be rotated the way Django rotates it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.conf import settings

_NONCE_BYTES = 16
_TAG_BYTES = 32


class SealBroken(ValueError):
    """The sealed value was tampered with, or sealed with a key no longer configured."""


def _key(secret_key: str, purpose: str) -> bytes:
    return hashlib.sha256(f"rekisteri.staff.sealing.{purpose}:{secret_key}".encode()).digest()


def _stream(key: bytes, nonce: bytes, length: int) -> bytes:
    blocks = []
    for counter in range(-(-length // 32)):
        blocks.append(hmac.new(key, nonce + counter.to_bytes(4, "big"), hashlib.sha256).digest())
    return b"".join(blocks)[:length]


def _xor(data: bytes, stream: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, stream, strict=True))


def seal(plain: bytes) -> str:
    secret_key = str(settings.SECRET_KEY)
    nonce = secrets.token_bytes(_NONCE_BYTES)
    cipher = _xor(plain, _stream(_key(secret_key, "stream"), nonce, len(plain)))
    tag = hmac.new(_key(secret_key, "tag"), nonce + cipher, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(nonce + cipher + tag).decode("ascii")


def unseal(sealed: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(sealed.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise SealBroken("not a sealed value") from None
    if len(raw) < _NONCE_BYTES + _TAG_BYTES:
        raise SealBroken("not a sealed value")
    nonce, cipher, tag = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:-_TAG_BYTES], raw[-_TAG_BYTES:]
    keys = [str(settings.SECRET_KEY), *map(str, getattr(settings, "SECRET_KEY_FALLBACKS", []))]
    for secret_key in keys:
        expected = hmac.new(_key(secret_key, "tag"), nonce + cipher, hashlib.sha256).digest()
        if hmac.compare_digest(expected, tag):
            return _xor(cipher, _stream(_key(secret_key, "stream"), nonce, len(cipher)))
    raise SealBroken("the seal does not match")

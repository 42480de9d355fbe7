"""Sealing short secrets (authenticator keys) for the database with the site's secret key.

AES-256-GCM with a random nonce per value, under a key derived from ``SECRET_KEY`` for this
purpose alone: a copy of the database without the secret key does not give the authenticator
keys, and a tampered value is refused. Keys in ``SECRET_KEY_FALLBACKS`` still open what they
sealed, so the secret key can be rotated the way Django rotates it.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_VERSION = b"\x01"
_NONCE_BYTES = 12
_TAG_BYTES = 16
_PURPOSE = b"rekisteri.staff.sealing.v1"


class SealBroken(ValueError):
    """The sealed value was tampered with, or sealed with a key no longer configured."""


def _cipher(secret_key: str) -> AESGCM:
    return AESGCM(hashlib.sha256(_PURPOSE + b":" + secret_key.encode()).digest())


def seal(plain: bytes) -> str:
    nonce = secrets.token_bytes(_NONCE_BYTES)
    sealed = _cipher(str(settings.SECRET_KEY)).encrypt(nonce, plain, _VERSION)
    return base64.urlsafe_b64encode(_VERSION + nonce + sealed).decode("ascii")


def unseal(sealed: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(sealed.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise SealBroken("not a sealed value") from None
    if len(raw) < 1 + _NONCE_BYTES + _TAG_BYTES or raw[:1] != _VERSION:
        raise SealBroken("not a sealed value")
    nonce, body = raw[1 : 1 + _NONCE_BYTES], raw[1 + _NONCE_BYTES :]
    keys = [str(settings.SECRET_KEY), *map(str, getattr(settings, "SECRET_KEY_FALLBACKS", []))]
    for secret_key in keys:
        try:
            return _cipher(secret_key).decrypt(nonce, body, _VERSION)
        except InvalidTag:
            continue
    raise SealBroken("the seal does not match")

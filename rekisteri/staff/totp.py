"""Time-based one-time passwords (RFC 6238), written from the RFC with ``hmac``.

A code is HOTP (RFC 4226) of the number of 30-second steps since the Unix epoch. Phones'
authenticator apps use SHA-1 and six digits, which is what staff sign-in uses; the digest and
the number of digits are parameters so that the RFC's test vectors (eight digits, SHA-1,
SHA-256, SHA-512) can be checked.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
# Codes of the step before and after the current one are accepted too: a phone's clock a
# little off, or a code typed just as it changed.
DRIFT_STEPS = 1
SECRET_BYTES = 20  # 160 bits, as RFC 4226 recommends

Digest = Callable[..., Any]


def new_secret() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def time_step(unix_time: float, step_seconds: int = STEP_SECONDS) -> int:
    return int(unix_time // step_seconds)


def hotp(
    secret: bytes, counter: int, *, digits: int = DIGITS, digest: Digest = hashlib.sha1
) -> str:
    """RFC 4226 section 5.3: HMAC of the counter, dynamically truncated to ``digits``."""
    mac = hmac.new(secret, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    binary = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(binary % 10**digits).zfill(digits)


def totp(
    secret: bytes,
    unix_time: float,
    *,
    digits: int = DIGITS,
    digest: Digest = hashlib.sha1,
    step_seconds: int = STEP_SECONDS,
) -> str:
    return hotp(secret, time_step(unix_time, step_seconds), digits=digits, digest=digest)


def looks_like_code(text: str) -> bool:
    """Six ASCII digits (``str.isdigit`` alone would take other scripts' digits too)."""
    return len(text) == DIGITS and text.isascii() and text.isdigit()


def matching_step(secret: bytes, code: str, unix_time: float, *, after_step: int) -> int | None:
    """The time step whose code ``code`` is, within the drift window and later than
    ``after_step`` (the step of the last code used, so no code is accepted twice); None if
    none matches. Every candidate is compared in constant time."""
    if not looks_like_code(code):
        return None
    now = time_step(unix_time)
    found = None
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if hmac.compare_digest(hotp(secret, step), code) and step > after_step and found is None:
            found = step
    return found


def base32_secret(secret: bytes) -> str:
    """The secret as authenticator apps take it typed in: base32 without padding."""
    return base64.b32encode(secret).decode("ascii").rstrip("=")


def secret_from_base32(text: str) -> bytes:
    cleaned = text.replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def provisioning_uri(secret: bytes, *, account: str, issuer: str) -> str:
    """The ``otpauth://`` URI a QR code carries (Google Authenticator's key URI format)."""
    label = quote(f"{issuer}:{account}", safe="@:")
    query = urlencode(
        {
            "secret": base32_secret(secret),
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": DIGITS,
            "period": STEP_SECONDS,
        }
    )
    return f"otpauth://totp/{label}?{query}"

"""TOTP (RFC 6238) against the RFC's own test vectors, the drift window, reuse, and sealing
of the stored secret."""

from __future__ import annotations

import hashlib

import pytest
from django.test import override_settings

from rekisteri.staff import sealing, totp

SHA1_SEED = b"12345678901234567890"
SHA256_SEED = b"12345678901234567890123456789012"
SHA512_SEED = b"1234567890" * 6 + b"1234"

# RFC 6238, Appendix B: time, then the eight-digit codes for SHA-1, SHA-256 and SHA-512.
RFC_6238 = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]

# RFC 4226, Appendix D: HOTP of the counters 0 to 9 with the SHA-1 seed.
RFC_4226 = [
    "755224", "287082", "359152", "969429", "338314",
    "254676", "287922", "162583", "399871", "520489",
]  # fmt: skip


@pytest.mark.parametrize(("moment", "sha1", "sha256", "sha512"), RFC_6238)
def test_the_rfc_6238_test_vectors(moment: int, sha1: str, sha256: str, sha512: str) -> None:
    assert totp.totp(SHA1_SEED, moment, digits=8, digest=hashlib.sha1) == sha1
    assert totp.totp(SHA256_SEED, moment, digits=8, digest=hashlib.sha256) == sha256
    assert totp.totp(SHA512_SEED, moment, digits=8, digest=hashlib.sha512) == sha512


@pytest.mark.parametrize(("counter", "code"), list(enumerate(RFC_4226)))
def test_the_rfc_4226_hotp_test_vectors(counter: int, code: str) -> None:
    assert totp.hotp(SHA1_SEED, counter) == code


def test_six_digit_codes_are_the_last_six_of_the_eight() -> None:
    assert totp.totp(SHA1_SEED, 59) == "287082"


NOW = 1_700_000_000.0


def _code(steps_from_now: int) -> str:
    return totp.totp(SHA1_SEED, NOW + steps_from_now * totp.STEP_SECONDS)


def test_the_current_code_matches_its_step() -> None:
    assert totp.matching_step(SHA1_SEED, _code(0), NOW, after_step=0) == totp.time_step(NOW)


@pytest.mark.parametrize("drift", [-1, 1])
def test_one_step_of_drift_either_way_is_accepted(drift: int) -> None:
    step = totp.matching_step(SHA1_SEED, _code(drift), NOW, after_step=0)
    assert step == totp.time_step(NOW) + drift


@pytest.mark.parametrize("drift", [-2, 2, 10])
def test_more_drift_is_refused(drift: int) -> None:
    assert totp.matching_step(SHA1_SEED, _code(drift), NOW, after_step=0) is None


def test_a_code_cannot_be_used_twice() -> None:
    step = totp.matching_step(SHA1_SEED, _code(0), NOW, after_step=0)
    assert step is not None
    assert totp.matching_step(SHA1_SEED, _code(0), NOW, after_step=step) is None
    # An older code of the window is refused once a newer one has been used.
    assert totp.matching_step(SHA1_SEED, _code(-1), NOW, after_step=step) is None
    # The next step's code still works.
    assert totp.matching_step(SHA1_SEED, _code(1), NOW, after_step=step) == step + 1


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "12 456", "١٢٣٤٥٦"])
def test_malformed_codes_are_refused(code: str) -> None:
    assert totp.matching_step(SHA1_SEED, code, NOW, after_step=0) is None


def test_base32_round_trip_and_the_provisioning_uri() -> None:
    secret = totp.new_secret()
    text = totp.base32_secret(secret)
    assert "=" not in text
    assert totp.secret_from_base32(text.lower()) == secret
    uri = totp.provisioning_uri(secret, account="a@example.test", issuer="Ilmapallo Oy")
    assert uri.startswith("otpauth://totp/Ilmapallo%20Oy:a@example.test?")
    assert f"secret={text}" in uri
    assert "issuer=Ilmapallo+Oy" in uri
    assert "digits=6" in uri and "period=30" in uri


def test_a_sealed_secret_opens_with_the_key_and_holds_no_plain_text() -> None:
    secret = totp.new_secret()
    sealed = sealing.seal(secret)
    assert sealing.unseal(sealed) == secret
    assert secret.hex() not in sealed and totp.base32_secret(secret) not in sealed
    assert sealing.seal(secret) != sealed  # a new nonce every time


def test_a_tampered_seal_is_refused() -> None:
    sealed = bytearray(sealing.seal(b"x" * 20).encode())
    sealed[30] = ord("A") if sealed[30] != ord("A") else ord("B")
    with pytest.raises(sealing.SealBroken):
        sealing.unseal(sealed.decode())
    with pytest.raises(sealing.SealBroken):
        sealing.unseal("not base64 at all!")


def test_a_seal_made_with_a_rotated_key_still_opens_from_the_fallbacks() -> None:
    with override_settings(SECRET_KEY="old-key-" + "x" * 50):
        sealed = sealing.seal(b"y" * 20)
    with (
        override_settings(SECRET_KEY="new-key-" + "z" * 50, SECRET_KEY_FALLBACKS=[]),
        pytest.raises(sealing.SealBroken),
    ):
        sealing.unseal(sealed)
    with override_settings(
        SECRET_KEY="new-key-" + "z" * 50, SECRET_KEY_FALLBACKS=["old-key-" + "x" * 50]
    ):
        assert sealing.unseal(sealed) == b"y" * 20

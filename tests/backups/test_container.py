"""The encrypted file format on its own: what goes in comes out, and any change to the file,
a cut, a reordering or another key is refused with a one-line reason."""

from __future__ import annotations

import io
import json
import secrets
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rekisteri.backups.container import BackupReader, BackupWriter
from rekisteri.backups.errors import BackupError

KEY = bytes(range(32))
MANIFEST = {"format": "rekisteri-backup", "row_counts": {"t": 1}}


def _sealed(payload: bytes, chunk_size: int = 64, key: bytes = KEY) -> bytes:
    out = io.BytesIO()
    writer = BackupWriter(out, key, chunk_size=chunk_size)
    writer.manifest(MANIFEST)
    for start in range(0, len(payload), 50):  # writes that do not line up with chunks
        writer.write(payload[start : start + 50])
    writer.finish()
    return out.getvalue()


def _opened(data: bytes, key: bytes = KEY) -> tuple[dict, bytes]:
    reader = BackupReader(io.BytesIO(data), key)
    manifest = reader.manifest()
    return manifest, b"".join(reader.payload())


@given(payload=st.binary(max_size=1000), chunk_size=st.integers(1, 300))
def test_what_is_sealed_opens_unchanged(payload: bytes, chunk_size: int) -> None:
    manifest, opened = _opened(_sealed(payload, chunk_size))
    assert manifest == MANIFEST
    assert opened == payload


def test_the_payload_is_not_readable_in_the_file() -> None:
    payload = b"ilmari.pallonen@example.fi " * 100
    assert b"pallonen" not in _sealed(payload)
    assert b"row_counts" not in _sealed(payload)


def test_a_wrong_key_is_named_as_such() -> None:
    with pytest.raises(BackupError, match="another key"):
        _opened(_sealed(b"x" * 500), key=secrets.token_bytes(32))


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_flipped_bit_is_refused(data: st.DataObject) -> None:
    sealed = bytearray(_sealed(b"payload " * 40))
    position = data.draw(st.integers(0, len(sealed) - 1))
    bit = data.draw(st.integers(0, 7))
    sealed[position] ^= 1 << bit
    with pytest.raises(BackupError) as raised:
        _opened(bytes(sealed))
    assert "\n" not in str(raised.value)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_file_cut_anywhere_is_refused(data: st.DataObject) -> None:
    sealed = _sealed(b"payload " * 40)
    cut = data.draw(st.integers(0, len(sealed) - 1))
    with pytest.raises(BackupError):
        _opened(sealed[:cut])


def test_a_file_cut_at_a_record_boundary_is_called_truncated() -> None:
    sealed = _sealed(b"a" * 64 * 3, chunk_size=64)
    records = _record_spans(sealed)
    with pytest.raises(BackupError, match="truncated"):
        _opened(sealed[: records[-1][0]])  # everything but the final record


def test_swapped_chunks_are_refused() -> None:
    sealed = _sealed(bytes(range(64)) + bytes(64) + b"\xff" * 64, chunk_size=64)
    (_m0, _m1), (a0, a1), (b0, b1), *_rest = _record_spans(sealed)
    swapped = sealed[:a0] + sealed[b0:b1] + sealed[a0:a1] + sealed[b1:]
    with pytest.raises(BackupError, match="altered"):
        _opened(swapped)


def test_a_chunk_from_another_file_is_refused() -> None:
    one, other = _sealed(b"a" * 128, chunk_size=64), _sealed(b"a" * 128, chunk_size=64)
    start, end = _record_spans(one)[1]
    mixed = one[:start] + other[start:end] + one[end:]
    with pytest.raises(BackupError, match="altered"):
        _opened(mixed)


def test_data_after_the_end_is_refused() -> None:
    with pytest.raises(BackupError, match="after its end"):
        _opened(_sealed(b"abc") + b"\0")


def test_something_else_is_not_taken_for_a_backup() -> None:
    with pytest.raises(BackupError, match="not a Rekisteri backup"):
        _opened(b"SQLite format 3\0" + bytes(100))
    with pytest.raises(BackupError, match="not a Rekisteri backup"):
        _opened(b"")


def test_the_trailer_records_checksum_and_size() -> None:
    out = io.BytesIO()
    writer = BackupWriter(out, KEY, chunk_size=10)
    writer.manifest({})
    writer.write(b"0123456789abc")
    trailer = writer.finish()
    assert (trailer.payload_size, trailer.chunks) == (13, 2)
    reader = BackupReader(io.BytesIO(out.getvalue()), KEY)
    reader.manifest()
    list(reader.payload())
    assert reader.trailer == trailer
    assert json.dumps(trailer.__dict__)


def _record_spans(sealed: bytes) -> list[tuple[int, int]]:
    """(start, end) of each record, length prefix included."""
    position, spans = 37, []  # the header's size
    while position < len(sealed):
        (length,) = struct.unpack(">I", sealed[position : position + 4])
        spans.append((position, position + 4 + length))
        position += 4 + length
    return spans

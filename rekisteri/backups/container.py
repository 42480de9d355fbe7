"""The encrypted backup file.

Layout::

    header   "RKBACKUP", format version (1 byte), file id (16 random bytes),
             key id (8 bytes), chunk size (4 bytes)        -- plaintext
    records  length (4 bytes) + AES-256-GCM ciphertext and tag, one after another:
             0      the manifest (JSON)
             1..n   the database snapshot, in chunks of at most ``chunk size`` bytes
             n+1    the trailer (JSON: the snapshot's SHA-256, size and chunk count),
                    flagged final

Each file is sealed under its own key, derived from the backup key and the file id (HKDF), so
the records' nonces can simply count. The associated data of every record is the header, the
record's index and its final flag: a record moved, dropped, repeated or taken from another
file fails its tag, and a file cut short lacks its final record. The key id (an HMAC of a
constant under the key) tells a wrong key apart from a damaged file without revealing the key.
Memory stays at about one chunk whatever the size of the database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.utils.translation import gettext as _

from rekisteri.backups.errors import BackupError
from rekisteri.backups.streams import BackgroundDigest

MAGIC = b"RKBACKUP"
VERSION = 1
CHUNK_SIZE = 1024 * 1024
_HEADER = struct.Struct(">8sB16s8sI")
_LENGTH = struct.Struct(">I")
_AAD = struct.Struct(">QB")
_TAG = 16
_FINAL = 1


def key_id(key: bytes) -> bytes:
    return hmac.new(key, b"rekisteri backup key id", hashlib.sha256).digest()[:8]


def _file_cipher(key: bytes, file_id: bytes) -> AESGCM:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=file_id, info=b"rekisteri backup v1"
    ).derive(key)
    return AESGCM(derived)


def _nonce(index: int) -> bytes:
    return b"\0\0\0\0" + index.to_bytes(8, "big")


class Writable(Protocol):
    def write(self, data: bytes, /) -> int: ...


@dataclass(frozen=True)
class Trailer:
    payload_sha256: str
    payload_size: int
    chunks: int


class BackupWriter:
    """Writes the records of one backup to ``out``; ``finish`` seals the trailer."""

    def __init__(self, out: Writable, key: bytes, chunk_size: int = CHUNK_SIZE) -> None:
        self._out = out
        self._header = _HEADER.pack(
            MAGIC, VERSION, secrets.token_bytes(16), key_id(key), chunk_size
        )
        self._cipher = _file_cipher(key, self._header[9:25])
        self._index = 0
        self._chunk_size = chunk_size
        self._digest = BackgroundDigest()
        self._size = 0
        self._chunks = 0
        self._buffer = bytearray()
        out.write(self._header)

    def _record(self, data: bytes, final: bool = False) -> None:
        flags = _FINAL if final else 0
        aad = self._header + _AAD.pack(self._index, flags)
        sealed = self._cipher.encrypt(_nonce(self._index), data, aad)
        self._out.write(_LENGTH.pack(len(sealed)))
        self._out.write(sealed)
        self._index += 1

    def manifest(self, manifest: dict[str, Any]) -> None:
        assert self._index == 0
        self._record(json.dumps(manifest, sort_keys=True).encode())

    def write(self, data: bytes) -> None:
        """Add snapshot bytes; they are sealed a whole chunk at a time."""
        self._digest.update(data)
        self._size += len(data)
        if not self._buffer and len(data) == self._chunk_size:  # the usual case: no copying
            self._record(data)
            self._chunks += 1
            return
        self._buffer += data
        while len(self._buffer) >= self._chunk_size:
            self._record(bytes(self._buffer[: self._chunk_size]))
            del self._buffer[: self._chunk_size]
            self._chunks += 1

    def close(self) -> None:
        """Stop the hashing thread (``finish`` does; this is for a backup that failed)."""
        self._digest.close()

    def finish(self) -> Trailer:
        if self._buffer:
            self._record(bytes(self._buffer))
            self._buffer.clear()
            self._chunks += 1
        trailer = Trailer(self._digest.hexdigest(), self._size, self._chunks)
        self._record(json.dumps(trailer.__dict__, sort_keys=True).encode(), final=True)
        return trailer


class BackupReader:
    """Reads and authenticates a backup: first ``manifest()``, then ``payload()`` to the end.

    Every problem becomes a ``BackupError`` with a one-line text.
    """

    def __init__(self, source: IO[bytes], key: bytes) -> None:
        self._source = source
        header = source.read(_HEADER.size)
        if len(header) < _HEADER.size or not header.startswith(MAGIC):
            raise BackupError(_("this is not a Rekisteri backup file"))
        _magic, version, file_id, stored_key_id, chunk_size = _HEADER.unpack(header)
        if version != VERSION:
            raise BackupError(
                _("the backup file has format version %(version)d, which this program cannot read")
                % {"version": version}
            )
        if not hmac.compare_digest(stored_key_id, key_id(key)):
            raise BackupError(_("the backup was made with another key than this backup key"))
        self._header = header
        self._cipher = _file_cipher(key, file_id)
        self._max = chunk_size + _TAG
        self._index = 0
        self.trailer: Trailer | None = None

    def _record(self) -> tuple[bytes, bool]:
        raw_length = self._source.read(_LENGTH.size)
        if len(raw_length) < _LENGTH.size:
            raise BackupError(_("the backup file is truncated"))
        (length,) = _LENGTH.unpack(raw_length)
        if length < _TAG or length > max(self._max, 16 * 1024 * 1024):
            raise BackupError(
                _("the backup file is damaged or was altered (record %(n)d)") % {"n": self._index}
            )
        sealed = self._source.read(length)
        if len(sealed) < length:
            raise BackupError(_("the backup file is truncated"))
        for flags in (0, _FINAL):
            aad = self._header + _AAD.pack(self._index, flags)
            try:
                data = self._cipher.decrypt(_nonce(self._index), sealed, aad)
            except InvalidTag:
                continue
            self._index += 1
            return data, flags == _FINAL
        raise BackupError(
            _("the backup file is damaged or was altered (record %(n)d)") % {"n": self._index}
        )

    def manifest(self) -> dict[str, Any]:
        data, final = self._record()
        if final:
            raise BackupError(_("the backup file is truncated"))
        manifest: dict[str, Any] = json.loads(data)
        return manifest

    def payload(self) -> Iterator[bytes]:
        """The snapshot's chunks; raises at the end if anything was missing or wrong."""
        size = chunks = 0
        with BackgroundDigest() as digest:
            while True:
                data, final = self._record()
                if final:
                    break
                digest.update(data)
                size += len(data)
                chunks += 1
                yield data
            checksum = digest.hexdigest()
        fields = json.loads(data)
        trailer = Trailer(fields["payload_sha256"], fields["payload_size"], fields["chunks"])
        if self._source.read(1):
            raise BackupError(_("the backup file has data after its end"))
        if (checksum, size, chunks) != (
            trailer.payload_sha256,
            trailer.payload_size,
            trailer.chunks,
        ):
            raise BackupError(_("the backup's checksum does not match its contents"))
        self.trailer = trailer

"""The erasure ledger: an append-only file, outside the database, of the pseudonymous ids of
erased people. A restore from backup replays it, so no one erased comes back (seed S14)."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class LedgerLine:
    erased_at: datetime.datetime
    subject: str
    reason: str


def ledger_path() -> Path:
    return Path(settings.REKISTERI_ERASURE_LEDGER_FILE)


def ledger_append(subject: str, reason: str, moment: datetime.datetime) -> None:
    """Write one line and flush it to disk before the erasure commits: the ledger may name
    someone whose erasure then failed (it is replayed harmlessly), never the reverse."""
    path = ledger_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = f"{moment.astimezone(datetime.UTC).isoformat()} {subject} {reason}\n"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(descriptor, line.encode("ascii"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def ledger_lines() -> Iterator[LedgerLine]:
    path = ledger_path()
    if not path.exists():
        return
    with path.open(encoding="ascii") as handle:
        for raw in handle:
            moment, subject, reason = raw.split()
            yield LedgerLine(datetime.datetime.fromisoformat(moment), subject, reason)

"""The anchor: the chain's head, appended to a file outside the database after every commit
that added audit events. ``audit_verify`` compares the table with it, so removing the newest
entries or rebuilding the table is noticed even by someone who can rewrite the database.

A restore from backup puts the chain back to an older head, after which new entries get the
sequence numbers the lost ones had. The restore therefore appends a marker line
(``restored SEQUENCE HASH TIME``) once it has checked the restored chain against the anchor;
the lines before the marker then no longer count. The marker's head still pins every earlier
entry, since each hash covers the one before it.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class AnchorLine:
    sequence: int
    hash: str


class AnchorError(Exception):
    pass


def anchor_path() -> Path:
    return Path(settings.REKISTERI_AUDIT_ANCHOR_FILE)


def anchor_append(sequence: int, hash_: str) -> None:
    path = anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    moment = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    line = f"{sequence} {hash_} {moment}\n".encode("ascii")
    # O_APPEND makes each small write land whole at the end, even with several processes.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(descriptor, line)
    finally:
        os.close(descriptor)


RESTORED = "restored"


def anchor_restore_mark(sequence: int, hash_: str) -> None:
    """Record that the database was restored to the chain head ``sequence``/``hash_``."""
    path = anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    moment = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    line = f"{RESTORED} {sequence} {hash_} {moment}\n".encode("ascii")
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(descriptor, line)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _parsed(path: Path) -> Iterator[tuple[bool, AnchorLine]]:
    """Every line as (is a restore marker, line)."""
    if not path.exists():
        return
    with path.open(encoding="ascii") as handle:
        for number, raw in enumerate(handle, start=1):
            parts = raw.split()
            marker = bool(parts) and parts[0] == RESTORED
            if marker:
                parts = parts[1:]
            if len(parts) < 2 or not parts[0].isdigit() or len(parts[1]) != 64:
                raise AnchorError(_("anchor file line %(n)d is damaged") % {"n": number})
            yield marker, AnchorLine(int(parts[0]), parts[1])


def anchor_lines(path: Path | None = None) -> Iterator[AnchorLine]:
    """The anchored heads of the chain's present history, oldest first: the lines before the
    last restore marker are superseded by it."""
    kept: list[AnchorLine] = []
    for marker, line in _parsed(path or anchor_path()):
        if marker:
            kept = []
        kept.append(line)
    yield from kept


def anchor_history(path: Path | None = None) -> dict[int, set[str]]:
    """Every hash ever anchored for each sequence number, superseded histories included: a
    backup taken before a restore still belongs to one of them."""
    history: dict[int, set[str]] = {}
    for _marker, line in _parsed(path or anchor_path()):
        history.setdefault(line.sequence, set()).add(line.hash)
    return history

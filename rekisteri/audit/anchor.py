"""The anchor: the chain's head, appended to a file outside the database after every commit
that added audit events. ``audit_verify`` compares the table with it, so removing the newest
entries or rebuilding the table is noticed even by someone who can rewrite the database."""

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


def anchor_lines(path: Path | None = None) -> Iterator[AnchorLine]:
    path = path or anchor_path()
    if not path.exists():
        return
    with path.open(encoding="ascii") as handle:
        for number, raw in enumerate(handle, start=1):
            parts = raw.split()
            if len(parts) < 2 or not parts[0].isdigit() or len(parts[1]) != 64:
                raise AnchorError(_("anchor file line %(n)d is damaged") % {"n": number})
            yield AnchorLine(int(parts[0]), parts[1])

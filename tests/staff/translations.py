"""A tiny compiled message catalogue, so a test can prove a message goes through gettext.

The project's own translations are written later; until then a test installs a catalogue
with the strings it checks and sees the Finnish text on the page.
"""

from __future__ import annotations

import struct
from pathlib import Path

_MAGIC = 0x950412DE
_HEADER = "Content-Type: text/plain; charset=UTF-8\n"


def write_mo(path: Path, messages: dict[str, str]) -> None:
    """Write ``messages`` (msgid → msgstr) as a GNU .mo file at ``path``."""
    entries = sorted({"": _HEADER, **messages}.items())
    ids = [key.encode() for key, _value in entries]
    strs = [value.encode() for _key, value in entries]
    count = len(entries)
    ids_table = 7 * 4
    strs_table = ids_table + count * 8
    data_start = strs_table + count * 8
    offsets, blob = [], b""
    for text in ids + strs:
        offsets.append((len(text), data_start + len(blob)))
        blob += text + b"\0"
    header = struct.pack("<7I", _MAGIC, 0, count, ids_table, strs_table, 0, data_start)
    tables = b"".join(struct.pack("<2I", length, offset) for length, offset in offsets)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + tables + blob)

"""Checking the audit log: recompute every hash, follow every link, compare with the anchor.

Run by ``rekisteri audit_verify``, the scheduler, the backup check and (later) the register
manager's audit page. The first problem found is named by its sequence number.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext as _

from rekisteri.audit.anchor import AnchorError, anchor_history, anchor_lines
from rekisteri.audit.chain import GENESIS_HASH, ChainHasher, canonical
from rekisteri.audit.keys import audit_key


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    head_sequence: int
    head_hash: str
    anchored: int
    problem: str | None = None
    bad_sequence: int | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _highest(database: BaseDatabaseWrapper) -> int:
    with database.cursor() as cursor:
        cursor.execute("SELECT MAX(sequence) FROM audit_auditevent")
        return int(cursor.fetchone()[0] or 0)


def _head(database: BaseDatabaseWrapper) -> tuple[int, str]:
    with database.cursor() as cursor:
        cursor.execute("SELECT sequence, hash FROM audit_audithead WHERE id = 1")
        row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS_HASH)


def audit_verify(
    *,
    anchor: Path | None = None,
    chunk_size: int = 10_000,
    database: BaseDatabaseWrapper | None = None,
    snapshot: bool = False,
) -> VerifyResult:
    """Check every entry up to the chain head as it stands when the check starts; writers
    may go on appending meanwhile.

    ``snapshot`` checks a copy from a backup (opened as ``database``): the anchor then
    goes on beyond its head, possibly in a history a restore has since abandoned, so each
    entry must match a hash anchored for its number in any history, and the copy's head must
    be one of them.
    """
    database = database or connections[DEFAULT_DB_ALIAS]
    hasher = ChainHasher(audit_key())
    try:
        if snapshot:
            history = anchor_history(anchor)
        else:
            history = {line.sequence: {line.hash} for line in anchor_lines(anchor)}
    except AnchorError as error:
        return VerifyResult(0, 0, GENESIS_HASH, 0, str(error), None)
    anchors = history

    # Highest row first, head second: an honest writer moves both in one transaction, so a
    # row beyond the head can only have been put there by hand.
    highest = _highest(database)
    head_sequence, head_hash = _head(database)

    checked, prev_hash = 0, GENESIS_HASH

    def result(problem: str | None = None, sequence: int | None = None) -> VerifyResult:
        return VerifyResult(checked, head_sequence, head_hash, len(anchors), problem, sequence)

    for row in _rows_up_to(head_sequence, chunk_size, database):
        (
            sequence,
            moment,
            actor_kind,
            actor_ref,
            actor_roles,
            action,
            subject,
            categories_json,
            purpose,
            request_id,
            detail_json,
            stored_prev,
            stored_hash,
        ) = row
        expected = checked + 1
        if sequence != expected:
            return result(_("entry %(n)d is missing (removed)") % {"n": expected}, expected)
        if stored_prev != prev_hash:
            return result(
                _("entry %(n)d does not link to entry %(previous)d (inserted or re-linked)")
                % {"n": sequence, "previous": sequence - 1},
                sequence,
            )
        computed = hasher(
            canonical(
                sequence=sequence,
                moment=moment,
                actor_kind=actor_kind,
                actor_ref=actor_ref,
                actor_roles=actor_roles,
                action=action,
                subject=subject,
                categories_json=categories_json,
                purpose=purpose,
                request_id=request_id,
                detail_json=detail_json,
                prev_hash=stored_prev,
            )
        )
        if computed != stored_hash:
            return result(
                _("entry %(n)d was changed (its hash does not match)") % {"n": sequence}, sequence
            )
        if sequence in anchors and stored_hash not in anchors[sequence]:
            return result(
                _("entry %(n)d differs from the anchor outside the database") % {"n": sequence},
                sequence,
            )
        prev_hash = stored_hash
        checked = sequence

    if highest > head_sequence:
        return result(
            _("entry %(n)d lies beyond the chain head (inserted)") % {"n": head_sequence + 1},
            head_sequence + 1,
        )
    if checked != head_sequence:
        return result(
            _("entries from %(n)d on are missing (removed)") % {"n": checked + 1}, checked + 1
        )
    if prev_hash != head_hash:
        return result(_("the chain head does not match entry %(n)d") % {"n": checked}, checked)
    if snapshot:
        if anchors and head_hash not in anchors.get(head_sequence, set()):
            return result(
                _("the chain head %(n)d was never anchored outside the database")
                % {"n": head_sequence},
                head_sequence,
            )
        return result()
    # Entries are never legitimately removed, so the anchor is never ahead of the table.
    if anchors and max(anchors) > max(checked, _highest(database)):
        return result(
            _(
                "entries from %(n)d on are missing: the anchor outside the database records "
                "entry %(anchored)d"
            )
            % {"n": checked + 1, "anchored": max(anchors)},
            checked + 1,
        )
    return result()


_COLUMNS = (
    "sequence, {moment}, actor_kind, actor_ref, actor_roles, action, subject, categories, "
    "purpose, request_id, detail, prev_hash, hash"
)


def _rows_up_to(
    last: int, chunk_size: int, connection: BaseDatabaseWrapper
) -> Iterator[tuple[Any, ...]]:
    """The entries in order, as the text that was hashed.

    Read with plain SQL in large chunks: the ORM's per-row conversions would cost more than
    the hashing itself. Both databases hand back the texts as they were hashed, except that
    SQLite leaves out the fraction of a time on a whole second.
    """
    postgres = connection.vendor == "postgresql"
    moment = (
        "to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
        # An expression, not the bare column: the driver then leaves the text alone.
        if postgres
        else "CAST(occurred_at AS TEXT)"
    )
    sql = (
        f"SELECT {_COLUMNS.format(moment=moment)} FROM audit_auditevent "  # noqa: S608
        "WHERE sequence <= %s ORDER BY sequence"
    )
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [last])
        while rows := cursor.fetchmany(chunk_size):
            for row in rows:
                if not postgres and len(row[1]) == 19:  # stored without microseconds
                    yield (row[0], row[1] + ".000000", *row[2:])
                else:
                    yield row

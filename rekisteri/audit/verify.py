"""Checking the audit log: recompute every hash, follow every link, compare with the anchor.

Run by ``rekisteri audit_verify``, the scheduler, the backup check and (later) the register
manager's audit page. The first problem found is named by its sequence number.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db.models import Max

from rekisteri.audit.anchor import AnchorError, anchor_lines
from rekisteri.audit.chain import GENESIS_HASH, canonical, entry_hash
from rekisteri.audit.keys import audit_key
from rekisteri.audit.models import AuditEvent, AuditHead

_COLUMNS = (
    "sequence", "occurred_at", "actor_kind", "actor_ref", "action", "subject", "categories",
    "purpose", "request_id", "detail", "prev_hash", "hash",
)


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


def _highest() -> int:
    return AuditEvent.objects.aggregate(highest=Max("sequence"))["highest"] or 0


def audit_verify(*, anchor: Path | None = None, chunk_size: int = 5000) -> VerifyResult:
    """Check every entry up to the chain head as it stands when the check starts; writers
    may go on appending meanwhile."""
    key = audit_key()
    try:
        anchors = {line.sequence: line.hash for line in anchor_lines(anchor)}
    except AnchorError as error:
        return VerifyResult(0, 0, GENESIS_HASH, 0, str(error), None)

    # Highest row first, head second: an honest writer moves both in one transaction, so a
    # row beyond the head can only have been put there by hand.
    highest = _highest()
    head = AuditHead.objects.filter(pk=1).first()
    head_sequence, head_hash = (head.sequence, head.hash) if head else (0, GENESIS_HASH)

    checked, prev_hash = 0, GENESIS_HASH

    def result(problem: str | None = None, sequence: int | None = None) -> VerifyResult:
        return VerifyResult(checked, head_sequence, head_hash, len(anchors), problem, sequence)

    rows = (AuditEvent.objects.filter(sequence__lte=head_sequence)
            .order_by("sequence").values_list(*_COLUMNS))
    for row in rows.iterator(chunk_size=chunk_size):
        (sequence, occurred_at, actor_kind, actor_ref, action, subject, categories, purpose,
         request_id, detail, stored_prev, stored_hash) = row
        expected = checked + 1
        if sequence != expected:
            return result(f"entry {expected} is missing (removed)", expected)
        if stored_prev != prev_hash:
            return result(f"entry {sequence} does not link to entry {sequence - 1} "
                          "(inserted or re-linked)", sequence)
        computed = entry_hash(key, canonical(
            sequence=sequence, occurred_at=occurred_at, actor_kind=actor_kind,
            actor_ref=actor_ref, action=action, subject=subject, categories=categories,
            purpose=purpose, request_id=request_id, detail=detail, prev_hash=stored_prev,
        ))
        if computed != stored_hash:
            return result(f"entry {sequence} was changed (its hash does not match)", sequence)
        if sequence in anchors and anchors[sequence] != stored_hash:
            return result(f"entry {sequence} differs from the anchor outside the database",
                          sequence)
        prev_hash = stored_hash
        checked = sequence

    if highest > head_sequence:
        return result(f"entry {head_sequence + 1} lies beyond the chain head (inserted)",
                      head_sequence + 1)
    if checked != head_sequence:
        return result(f"entries from {checked + 1} on are missing (removed)", checked + 1)
    if prev_hash != head_hash:
        return result(f"the chain head does not match entry {checked}", checked)
    # Entries are never legitimately removed, so the anchor is never ahead of the table.
    if anchors and max(anchors) > max(checked, _highest()):
        return result(f"entries from {checked + 1} on are missing: the anchor outside the "
                      f"database records entry {max(anchors)}", checked + 1)
    return result()

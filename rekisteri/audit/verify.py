"""Checking the audit log: recompute every hash, follow every link, compare with the anchor.

Run by ``rekisteri audit_verify``, the scheduler, the backup check and (later) the register
manager's audit page. The first problem found is named by its sequence number.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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


def audit_verify(*, anchor: Path | None = None, chunk_size: int = 5000) -> VerifyResult:
    key = audit_key()
    expected_sequence = 1
    prev_hash = GENESIS_HASH
    anchors: dict[int, str] = {}
    try:
        for line in anchor_lines(anchor):
            anchors[line.sequence] = line.hash
    except AnchorError as error:
        return VerifyResult(0, 0, GENESIS_HASH, 0, str(error))

    def fail(problem: str, sequence: int | None) -> VerifyResult:
        return VerifyResult(expected_sequence - 1, expected_sequence - 1, prev_hash,
                            len(anchors), problem, sequence)

    rows = AuditEvent.objects.order_by("sequence").values_list(*_COLUMNS)
    for row in rows.iterator(chunk_size=chunk_size):
        (sequence, occurred_at, actor_kind, actor_ref, action, subject, categories, purpose,
         request_id, detail, stored_prev, stored_hash) = row
        if sequence > expected_sequence:
            return fail(f"entry {expected_sequence} is missing (removed)", expected_sequence)
        if sequence < expected_sequence:
            return fail(f"entry {sequence} is out of order", sequence)
        if stored_prev != prev_hash:
            return fail(
                f"entry {sequence} does not link to entry {sequence - 1} (inserted or "
                "re-linked)", sequence,
            )
        computed = entry_hash(key, canonical(
            sequence=sequence, occurred_at=occurred_at, actor_kind=actor_kind,
            actor_ref=actor_ref, action=action, subject=subject, categories=categories,
            purpose=purpose, request_id=request_id, detail=detail, prev_hash=stored_prev,
        ))
        if computed != stored_hash:
            return fail(f"entry {sequence} was changed (its hash does not match)", sequence)
        if sequence in anchors and anchors[sequence] != stored_hash:
            return fail(f"entry {sequence} differs from the anchor outside the database",
                        sequence)
        prev_hash = stored_hash
        expected_sequence += 1

    last = expected_sequence - 1
    if anchors and max(anchors) > last:
        missing_from = last + 1
        return VerifyResult(
            last, last, prev_hash, len(anchors),
            f"entries from {missing_from} on are missing: the anchor records entry "
            f"{max(anchors)}", missing_from,
        )
    head = AuditHead.objects.filter(pk=1).first()
    head_state = (head.sequence, head.hash) if head else (0, GENESIS_HASH)
    if head_state != (last, prev_hash):
        return VerifyResult(last, last, prev_hash, len(anchors),
                            f"the chain head says entry {head_state[0]} but the log ends at "
                            f"{last}", min(head_state[0], last + 1))
    return VerifyResult(last, last, prev_hash, len(anchors))

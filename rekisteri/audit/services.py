"""Appending to the audit log. Every service calls ``audit_record`` inside its own
transaction, so the event and the change it describes commit or roll back together."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from rekisteri.audit.actors import Actor
from rekisteri.audit.anchor import anchor_append
from rekisteri.audit.chain import (
    GENESIS_HASH,
    ChainHasher,
    canonical,
    canonical_json,
    canonical_moment,
)
from rekisteri.audit.context import request_id_var
from rekisteri.audit.keys import audit_key
from rekisteri.audit.models import AuditEvent, AuditHead

# Detail values are codes and counts, never free text: nothing personal can slip in.
_TOKEN = re.compile(r"^[A-Za-z0-9_.:\-]{0,80}$")


class AuditPayloadError(ValueError):
    """An audit event was given something that could carry personal data."""


def _check_token(value: str, what: str) -> None:
    if not _TOKEN.match(value):
        raise AuditPayloadError(f"audit {what} must be a short code, not free text")


def _clean_detail(detail: dict[str, Any] | None) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in (detail or {}).items():
        _check_token(key, "detail key")
        if isinstance(value, bool | int) or value is None:
            clean[key] = value
        elif isinstance(value, str):
            _check_token(value, "detail value")
            clean[key] = value
        elif isinstance(value, list | tuple):
            for item in value:
                if not isinstance(item, str):
                    raise AuditPayloadError("audit detail lists hold codes only")
                _check_token(item, "detail value")
            clean[key] = list(value)
        else:
            raise AuditPayloadError("audit detail values are codes, numbers or lists of codes")
    return clean


@dataclass(frozen=True)
class EventSpec:
    """One event of a batch for ``audit_record_many``."""

    action: str
    subject: str = ""
    categories: Iterable[str] = ()
    purpose: str = ""
    detail: dict[str, Any] | None = None


def audit_record(
    *,
    actor: Actor,
    action: str,
    subject: str = "",
    categories: Iterable[str] = (),
    purpose: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction."""
    spec = EventSpec(action, subject, categories, purpose, detail)
    return audit_record_many(actor=actor, events=[spec])[0]


def audit_record_many(*, actor: Actor, events: Sequence[EventSpec]) -> list[AuditEvent]:
    """Append several events by one actor at once (bulk work: one lock, one round trip)."""
    _check_token(actor.ref, "actor")
    now = timezone.now()
    request_id = request_id_var.get()
    prepared = [_prepared(actor, spec, now, request_id) for spec in events]
    if not prepared:
        return []
    hasher = ChainHasher(audit_key())
    moment = canonical_moment(now)
    with transaction.atomic(savepoint=False):
        connection = transaction.get_connection()
        # Plain SQL: this runs for every write and every staff read, and the ORM's overhead
        # would be most of its cost.
        with connection.cursor() as cursor:
            sequence, prev_hash = _locked_head(cursor, connection.vendor)
            rows = []
            for event in prepared:
                sequence += 1
                event.sequence, event.prev_hash = sequence, prev_hash
                categories_json = canonical_json(event.categories)
                detail_json = canonical_json(event.detail)
                event.hash = prev_hash = hasher(
                    canonical(
                        sequence=sequence,
                        moment=moment,
                        actor_kind=event.actor_kind,
                        actor_ref=event.actor_ref,
                        actor_roles=event.actor_roles,
                        action=event.action,
                        subject=event.subject,
                        categories_json=categories_json,
                        purpose=event.purpose,
                        request_id=request_id,
                        detail_json=detail_json,
                        prev_hash=event.prev_hash,
                    )
                )
                rows.append(
                    [
                        sequence,
                        connection.ops.adapt_datetimefield_value(now),
                        event.actor_kind,
                        event.actor_ref,
                        event.actor_roles,
                        event.action,
                        event.subject,
                        categories_json,
                        event.purpose,
                        request_id,
                        detail_json,
                        event.prev_hash,
                        event.hash,
                    ]
                )
            cursor.executemany(_INSERT, rows)
            cursor.execute(_UPDATE_HEAD, [sequence, prev_hash])
        _anchor_on_commit()
    for event in prepared:
        event._state.adding = False
    return prepared


def _prepared(actor: Actor, spec: EventSpec, now: datetime.datetime, request_id: str) -> AuditEvent:
    _check_token(spec.action, "action")
    _check_token(spec.subject, "subject")
    _check_token(spec.purpose, "purpose")
    categories = sorted(set(spec.categories))
    for category in categories:
        _check_token(category, "category")
    return AuditEvent(
        occurred_at=now,
        actor_kind=actor.kind.value,
        actor_ref=actor.ref,
        actor_roles=",".join(sorted(role.value for role in actor.roles)),
        action=spec.action,
        subject=spec.subject,
        categories=categories,
        purpose=spec.purpose,
        request_id=request_id,
        detail=_clean_detail(spec.detail),
    )


_INSERT = (
    "INSERT INTO audit_auditevent (sequence, occurred_at, actor_kind, actor_ref, actor_roles, "
    "action, "
    "subject, categories, purpose, request_id, detail, prev_hash, hash) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)
_SELECT_HEAD = "SELECT sequence, hash FROM audit_audithead WHERE id = 1"
_SELECT_HEAD_FOR_UPDATE = _SELECT_HEAD + " FOR UPDATE"
_UPDATE_HEAD = "UPDATE audit_audithead SET sequence = %s, hash = %s WHERE id = 1"


def _locked_head(cursor: Any, vendor: str) -> tuple[int, str]:
    # SQLite has no row locks; its immediate transactions already hold the write lock.
    query = _SELECT_HEAD_FOR_UPDATE if vendor == "postgresql" else _SELECT_HEAD
    cursor.execute(query)
    row = cursor.fetchone()
    if row is None:
        # The first event ever: start the chain (two first writers cannot both create it).
        AuditHead.objects.bulk_create(
            [AuditHead(pk=1, sequence=0, hash=GENESIS_HASH)], ignore_conflicts=True
        )
        cursor.execute(query)
        row = cursor.fetchone()
    return int(row[0]), str(row[1])


def _anchor_on_commit() -> None:
    """Once per transaction, after it commits, write the then-current head to the anchor."""
    connection = transaction.get_connection()
    if any(func is _write_anchor for _, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(_write_anchor)


def _write_anchor() -> None:
    # Read the committed head rather than remembering it: a savepoint rolled back after an
    # append would otherwise leave a number that was never committed.
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and head.sequence:
        anchor_append(head.sequence, head.hash)

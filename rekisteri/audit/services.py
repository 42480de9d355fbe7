"""Appending to the audit log. Every service calls ``audit_record`` inside its own
transaction, so the event and the change it describes commit or roll back together."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from rekisteri.audit.actors import Actor
from rekisteri.audit.anchor import anchor_append
from rekisteri.audit.chain import GENESIS_HASH, canonical, entry_hash
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
    _check_token(action, "action")
    _check_token(subject, "subject")
    _check_token(actor.ref, "actor")
    _check_token(purpose, "purpose")
    category_list = sorted(set(categories))
    for category in category_list:
        _check_token(category, "category")
    clean_detail = _clean_detail(detail)
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        event = AuditEvent(
            sequence=head.sequence + 1,
            occurred_at=timezone.now(),
            actor_kind=actor.kind.value,
            actor_ref=actor.ref,
            action=action,
            subject=subject,
            categories=category_list,
            purpose=purpose,
            request_id=request_id_var.get(),
            detail=clean_detail,
            prev_hash=head.hash,
        )
        event.hash = entry_hash(audit_key(), canonical(
            sequence=event.sequence, occurred_at=event.occurred_at,
            actor_kind=event.actor_kind, actor_ref=event.actor_ref, action=event.action,
            subject=event.subject, categories=event.categories, purpose=event.purpose,
            request_id=event.request_id, detail=event.detail, prev_hash=event.prev_hash,
        ))
        event.save(force_insert=True)
        AuditHead.objects.filter(pk=1).update(sequence=event.sequence, hash=event.hash)
        _anchor_on_commit()
    return event


def _locked_head() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        # The first event ever: start the chain (two first writers cannot both create it).
        AuditHead.objects.bulk_create(
            [AuditHead(pk=1, sequence=0, hash=GENESIS_HASH)], ignore_conflicts=True)
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head


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

"""The audit tables.

``AuditEvent`` is append-only: on both databases triggers reject UPDATE and DELETE (and on
PostgreSQL TRUNCATE). ``AuditHead`` is a single row holding the chain's last sequence number
and hash; appending locks it, so concurrent writers take their turns and the chain stays a
chain.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from rekisteri.audit.actors import ActorKind
from rekisteri.audit.chain import canonical_json


class CanonicalJSONField(models.TextField):
    """JSON kept as its canonical text (sorted keys, no spaces) on every database.

    The hash chain covers that exact text; a native JSON column would store it in the
    database's own form, which verification would have to parse and re-render row by row.
    """

    # For django-stubs: the Python side holds lists and dicts, not text.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        return None if value is None else json.loads(value)

    def to_python(self, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value

    def get_prep_value(self, value: Any) -> Any:
        return canonical_json(value)


class AuditEvent(models.Model):
    sequence = models.BigIntegerField(_("sequence"), unique=True)
    occurred_at = models.DateTimeField(_("time"))
    actor_kind = models.CharField(_("actor kind"), max_length=16, choices=ActorKind.choices)
    actor_ref = models.CharField(_("actor"), max_length=64, blank=True)
    # The actor's roles at the time, comma-separated codes: people may see which roles
    # looked at their data without learning who.
    actor_roles = models.CharField(_("actor's roles"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=64)
    subject = models.CharField(_("subject"), max_length=64, blank=True, db_index=True)
    categories = CanonicalJSONField(_("data categories"), default=list)
    purpose = models.CharField(_("purpose"), max_length=80, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    detail = CanonicalJSONField(_("detail"), default=dict)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["actor_ref", "occurred_at"]),
            models.Index(fields=["occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"


class AuditHead(models.Model):
    """The chain's head; exactly one row, id 1."""

    sequence = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.sequence}"

"""The audit tables.

``AuditEvent`` is append-only: on both databases triggers reject UPDATE and DELETE (and on
PostgreSQL TRUNCATE). ``AuditHead`` is a single row holding the chain's last sequence number
and hash; appending locks it, so concurrent writers take their turns and the chain stays a
chain.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rekisteri.audit.actors import ActorKind


class AuditEvent(models.Model):
    sequence = models.BigIntegerField(_("sequence"), unique=True)
    occurred_at = models.DateTimeField(_("time"))
    actor_kind = models.CharField(_("actor kind"), max_length=16, choices=ActorKind.choices)
    actor_ref = models.CharField(_("actor"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=64)
    subject = models.CharField(_("subject"), max_length=64, blank=True, db_index=True)
    categories = models.JSONField(_("data categories"), default=list)
    purpose = models.CharField(_("purpose"), max_length=80, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    detail = models.JSONField(_("detail"), default=dict)
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

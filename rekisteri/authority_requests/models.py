"""Requests from authorities for a person's data (seed S20).

A register manager records the request: which authority asks, under which statute and
section, its reference, whom it concerns, which part of the person's data (the scope, in the
data map's own terms) and the decision. A second register manager approves it before
anything leaves; on approval of a disclosure the package is built once, by the access
engine limited to the scope, and kept with the request, so what was handed over is known
exactly; the disclosure log records it.

The request itself is evidence that a disclosure was lawful: when the person is erased the
row stays, without the link to the person and without the package (see ``datamap.py``).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Decision(models.TextChoices):
    DISCLOSE = "disclose", _("disclose the data in scope")
    REFUSE = "refuse", _("refuse")


class Status(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", _("awaiting approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("approval refused")


class AuthorityRequest(models.Model):
    public_id = models.UUIDField(_("request id"), default=uuid.uuid4, unique=True, editable=False)
    authority = models.CharField(_("authority"), max_length=200)
    authority_country = models.CharField(_("authority's country"), max_length=2, default="FI")
    legal_basis = models.CharField(_("legal basis (statute and section)"), max_length=200)
    reference = models.CharField(_("reference or diary number"), max_length=100)
    received_at = models.DateTimeField(_("received"))
    # Nullable so that erasing the person can cut the link and keep the request as evidence.
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("person concerned"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authority_requests",
    )
    # Keys of the data map's sub-registers and categories the request covers.
    scope_subregisters = models.JSONField(_("sub-registers in scope"), default=list, blank=True)
    scope_categories = models.JSONField(_("data categories in scope"), default=list, blank=True)
    do_not_inform_until = models.DateField(
        _("do not inform the person before"), null=True, blank=True
    )
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    reason = models.TextField(_("reason for the decision"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AWAITING_APPROVAL
    )
    # Staff members by their pseudonymous public ids, never by name.
    recorded_by = models.CharField(_("recorded by"), max_length=64)
    recorded_at = models.DateTimeField(_("recorded"))
    reviewed_by = models.CharField(_("approved or refused by"), max_length=64, blank=True)
    reviewed_at = models.DateTimeField(_("approved or refused"), null=True, blank=True)
    review_note = models.TextField(_("approver's note"), max_length=2000, blank=True)
    # The disclosure package exactly as approved, and its SHA-256 (kept when the package
    # itself is erased: it still proves which package was handed over).
    package = models.JSONField(_("disclosure package"), null=True, blank=True)
    package_digest = models.CharField(_("package digest (SHA-256)"), max_length=64, blank=True)
    disclosure = models.ForeignKey(
        "privacy.Disclosure",
        verbose_name=_("disclosure log entry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("authority request")
        verbose_name_plural = _("authority requests")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision="refuse") | ~models.Q(reason=""),
                name="authority_request_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        # Never the authority's case or the person: this string can end up in logs.
        return f"authority request {self.public_id}"

    @property
    def awaiting_approval(self) -> bool:
        return self.status == Status.AWAITING_APPROVAL

    @property
    def package_available(self) -> bool:
        return self.status == Status.APPROVED and self.package is not None

"""A data-subject request (GDPR Art. 12 and 15–21, L9) and what was done about it.

A request is answered by its ``deadline``: one month from the day it was received, extended
once by one or two further months only with a reason and the moment the person was told
(``deadlines.py`` does the arithmetic). The row is also the controller's evidence that the
request was answered in time, so when the person is erased the request stays, tied to their
pseudonymous id only, with the staff's free-text notes replaced (see ``datamap.py``).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.customers.models import Customer


class RequestKind(models.TextChoices):
    ACCESS = "access", _("access to the data (a copy)")
    PORTABILITY = "portability", _("data portability (machine-readable copy)")
    RECTIFICATION = "rectification", _("rectification")
    ERASURE = "erasure", _("erasure")
    RESTRICTION = "restriction", _("restriction of processing")
    OBJECTION = "objection", _("objection to direct marketing")


class RequestChannel(models.TextChoices):
    SELF_SERVICE = "self_service", _("self-service (My account)")
    EMAIL = "email", _("email")
    PHONE = "phone", _("phone")
    LETTER = "letter", _("letter")
    IN_PERSON = "in_person", _("in person")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    IDENTITY_CHECK = "identity_check", _("identity to be checked")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    PARTLY_REFUSED = "partly_refused", _("partly refused")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")


class SubjectRequest(models.Model):
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        null=True,
        blank=True,
        # The request is evidence of compliance: it outlives the person (see datamap.py).
        on_delete=models.SET_NULL,
        related_name="subject_requests",
    )
    # The person's pseudonymous id, kept after erasure like the audit log and the ledger do.
    subject = models.CharField(_("pseudonymous id"), max_length=64, db_index=True)
    kind = models.CharField(_("request"), max_length=20, choices=RequestKind.choices)
    channel = models.CharField(_("received by"), max_length=20, choices=RequestChannel.choices)
    received_on = models.DateField(_("received on"))
    entered_at = models.DateTimeField(_("entered"), default=timezone.now)
    due_on = models.DateField(_("due by (one month)"))
    deadline = models.DateField(_("deadline"), db_index=True)
    extended_months = models.PositiveSmallIntegerField(_("extended by months"), default=0)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extension_informed_at = models.DateTimeField(
        _("person told of the extension"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    identity_check_note = models.TextField(_("how identity was checked"), blank=True)
    staff_notes = models.TextField(_("notes"), blank=True)
    # Codes of the Customer fields corrected for a rectification request.
    corrected_fields = models.JSONField(_("corrected fields"), default=list, blank=True)
    # Reasons the services gave for refusing part of the request (e.g. an unpaid invoice).
    refusal_reasons = models.JSONField(_("reasons for refusal"), default=list, blank=True)
    outcome_note = models.TextField(_("outcome"), blank=True)
    executed_at = models.DateTimeField(_("last carried out"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        indexes = [models.Index(fields=["closed_at", "deadline"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(extended_months__lte=2),
                name="subject_request_extension_at_most_two_months",
            ),
        ]

    def __str__(self) -> str:
        # Never the person: this string can end up in logs.
        return f"data-subject request {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

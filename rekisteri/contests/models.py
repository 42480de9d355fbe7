"""Contests, their entries and their winners (seed S2, S7).

A contest itself holds no personal data. An entry is one person's answer to one contest and
links to the customer record the entrant has in the register. A winner is a separate row, not
a flag on the entry, because winners are kept longer than entries (to deliver the prize): each
model has one retention rule in the data map, so the longer rule needs a model of its own.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.customers.models import Customer


class Contest(models.Model):
    title = models.CharField(_("title"), max_length=200)
    rules = models.TextField(_("rules"), max_length=10_000)
    question = models.CharField(_("question"), max_length=500)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # Consent as the legal basis of a service offered directly to a child needs the child to
    # be at least 13 (Tietosuojalaki 1050/2018 §5, L26), so such contests ask for it.
    consent_based = models.BooleanField(
        _("entry is based on consent"),
        default=False,
        help_text=_("Entrants must then confirm that they are at least 13 years old."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")),
                name="contest_period_order",
                violation_error_code="period_order",
                violation_error_message=_("The contest must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, moment: datetime.datetime | None = None) -> bool:
        """True while entries are accepted: from ``starts_at`` up to, not including, the end."""
        now = moment or timezone.now()
        return self.starts_at <= now < self.ends_at

    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()


class ContestEntry(models.Model):
    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.PROTECT, related_name="entries"
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="contest_entries",
    )
    name = models.CharField(_("name"), max_length=100)
    # Kept in lower case, so that the constraint below allows one entry per address whatever
    # its spelling.
    email = models.EmailField(_("email address"))
    answer = models.TextField(_("answer"), max_length=2000)
    age_confirmed = models.BooleanField(_("confirmed being at least 13"), default=False)
    # The entrant ticked the separate marketing permission box. The permission itself is a
    # record in the consents app when the entry created the customer; for an address already
    # in the register, this is the only trace (see ``contest_enter``).
    marketing_permission_requested = models.BooleanField(
        _("asked for marketing by email"), default=False
    )
    entered_at = models.DateTimeField(_("entered"), default=timezone.now)

    class Meta:
        ordering = ["entered_at", "pk"]
        verbose_name = _("contest entry")
        verbose_name_plural = _("contest entries")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "email"],
                name="contest_entry_one_per_email",
                violation_error_code="duplicate_entry",
                violation_error_message=_("This email address has already entered the contest."),
            ),
        ]

    def __str__(self) -> str:
        # Never the name or the address: this string can end up in logs.
        return f"contest entry {self.pk}"


class ContestWinner(models.Model):
    """A drawn winner, with what delivering the prize needs copied from the entry, so that
    it outlives the entry's shorter retention."""

    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.PROTECT, related_name="winners"
    )
    # Emptied when the entry itself expires; the winner row stays.
    entry = models.OneToOneField(
        ContestEntry,
        verbose_name=_("entry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="winner",
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="contest_wins",
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email address"))
    drawn_at = models.DateTimeField(_("drawn"), default=timezone.now)

    class Meta:
        ordering = ["drawn_at", "pk"]
        verbose_name = _("contest winner")
        verbose_name_plural = _("contest winners")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "customer"], name="contest_winner_once_per_contest"
            ),
        ]

    def __str__(self) -> str:
        return f"contest winner {self.pk}"

"""Stored versions of the register description.

The description is generated from the organisation settings, the data map and the processor
registry. Whenever what it says changes (in any language), the new text is stored as a new
version with its date, so every earlier version stays readable as it was published.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeVersion(models.Model):
    number = models.PositiveIntegerField(_("version"), unique=True)
    published_at = models.DateTimeField(_("published"))
    digest = models.CharField(_("content digest"), max_length=64)
    # {"fi": document, "sv": document, "en": document}; see privacy.notice.document.
    content = models.JSONField(_("content"))

    class Meta:
        ordering = ["-number"]
        verbose_name = _("register description version")
        verbose_name_plural = _("register description versions")

    def __str__(self) -> str:
        return f"v{self.number}"


class Disclosure(models.Model):
    """One disclosure of a person's data to someone outside the controller (S15, S20, L12):
    to whom, which categories, when, why and on what basis. People see their disclosures in
    their access package, and can be told whom their data went to (GDPR Art. 19)."""

    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="disclosures",
    )
    recipient = models.CharField(_("recipient"), max_length=200)
    recipient_country = models.CharField(_("recipient's country"), max_length=2)
    categories = models.JSONField(_("data categories"), default=list)
    purpose = models.CharField(_("purpose"), max_length=80)
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    disclosed_at = models.DateTimeField(_("disclosed"))
    # Until this day the person is not told (an authority may set it); blank: told at once.
    do_not_inform_until = models.DateField(_("do not inform before"), null=True, blank=True)

    class Meta:
        ordering = ["-disclosed_at"]
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")

    def __str__(self) -> str:
        return f"disclosure {self.pk}"

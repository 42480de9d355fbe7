"""Email campaigns that the register sends itself (seed S8, L21), and one delivery row per
person a campaign went to.

A campaign's own text is the shop's marketing copy, the same for everyone: not personal
data. A delivery row says that one person was sent one campaign: it is personal data (mapped
with the marketing permissions), shown in the person's access package and deleted with them.
The rows are also what makes sending resumable: a person who has a row for a campaign is
never sent that campaign again, whatever happened to the process that wrote it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.customers.models import Customer

SUBJECT_MAX_LENGTH = 150
BODY_MAX_LENGTH = 20_000


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    QUEUED = "queued", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")


class Campaign(models.Model):
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX_LENGTH)
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    # The message markets only the shop's own products similar to those the customers have
    # bought: existing customers who never answered the permission question may get it too
    # (the soft opt-in, L21).
    soft_opt_in = models.BooleanField(_("also to existing customers without a permission"))
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    queued_at = models.DateTimeField(_("sending ordered"), null=True, blank=True)
    finished_at = models.DateTimeField(_("sending finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("email campaign")
        verbose_name_plural = _("email campaigns")
        indexes = [models.Index(fields=["status", "queued_at"], name="campaign_queue")]

    def __str__(self) -> str:
        return f"campaign {self.pk}"

    def access_package_value(self) -> str:
        """How a campaign appears in the access package of a person it was sent to."""
        return f"{self.subject} ({self.created_at:%Y-%m-%d})"


class DeliveryStatus(models.TextChoices):
    # Claimed by a sender; the message is being sent or the sender stopped while sending.
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("could not be sent")


class CampaignDelivery(models.Model):
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="campaign_deliveries",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.SENDING
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("campaign message sent")
        verbose_name_plural = _("campaign messages sent")
        constraints = [
            # Twice the same campaign to one person is impossible, even for two senders
            # running at once: the second one's claim fails.
            models.UniqueConstraint(fields=["campaign", "customer"], name="campaign_delivery_once"),
        ]

    def __str__(self) -> str:
        return f"campaign delivery {self.pk}"

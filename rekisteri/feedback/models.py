"""Feedback from visitors and the staff's answers to it (seed S2, S7).

Feedback may be anonymous: then it has no customer and holds nothing but the message (which
is still personal data, since people write their names and circumstances into messages).
A sender who gives an email address enters the register through the feedback channel.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.customers.models import Customer


class Feedback(models.Model):
    message = models.TextField(_("message"), max_length=5000)
    name = models.CharField(_("name"), max_length=100, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    wants_reply = models.BooleanField(_("wants a reply"), default=False)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            # A reply needs somewhere to go.
            models.CheckConstraint(
                condition=models.Q(wants_reply=False) | ~models.Q(email=""),
                name="feedback_reply_needs_email",
            ),
        ]

    def __str__(self) -> str:
        # Never the message or the sender: this string can end up in logs.
        return f"feedback {self.pk}"

    @property
    def may_be_answered(self) -> bool:
        return self.wants_reply and bool(self.email)


class FeedbackAnswer(models.Model):
    feedback = models.ForeignKey(
        Feedback, verbose_name=_("feedback"), on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField(_("answer"), max_length=5000)
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)
    # The staff member's pseudonymous public id, never their name.
    answered_by = models.CharField(_("answered by"), max_length=64)

    class Meta:
        ordering = ["answered_at", "pk"]
        verbose_name = _("answer to feedback")
        verbose_name_plural = _("answers to feedback")

    def __str__(self) -> str:
        return f"answer {self.pk} to feedback {self.feedback_id}"

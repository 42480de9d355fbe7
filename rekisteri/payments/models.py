"""Payments of orders through Paytrail, and their refunds (seed S15).

A payment row is made before Paytrail is asked, so a timeout or an error leaves a record
that the order is still awaiting payment. The stamp is our unique id of the attempt; the
transaction id is Paytrail's.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_stamp() -> str:
    return uuid.uuid4().hex


class PaymentStatus(models.TextChoices):
    # Paytrail was not reached or refused the request: the customer may try again.
    NOT_STARTED = "not_started", _("not started")
    NEW = "new", _("waiting for the customer")
    OK = "ok", _("paid")
    PENDING = "pending", _("pending")
    DELAYED = "delayed", _("delayed")
    FAIL = "fail", _("failed or cancelled")


class Payment(models.Model):
    order = models.ForeignKey(
        "orders.Order", verbose_name=_("order"), on_delete=models.CASCADE, related_name="payments"
    )
    stamp = models.CharField(_("stamp"), max_length=200, unique=True, default=new_stamp)
    transaction_id = models.CharField(
        _("transaction id"), max_length=100, blank=True, db_index=True
    )
    amount_cents = models.PositiveIntegerField(_("amount in cents"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PaymentStatus.choices,
        default=PaymentStatus.NOT_STARTED,
    )
    provider = models.CharField(_("payment method"), max_length=50, blank=True)
    href = models.URLField(_("payment page"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"payment {self.pk}"


class RefundStatus(models.TextChoices):
    OK = "ok", _("refunded")
    PENDING = "pending", _("pending")
    FAIL = "fail", _("failed")


class Refund(models.Model):
    payment = models.ForeignKey(
        Payment, verbose_name=_("payment"), on_delete=models.CASCADE, related_name="refunds"
    )
    refund_stamp = models.CharField(
        _("refund stamp"), max_length=200, unique=True, default=new_stamp
    )
    transaction_id = models.CharField(_("transaction id"), max_length=100, blank=True)
    amount_cents = models.PositiveIntegerField(_("amount in cents"))
    status = models.CharField(_("status"), max_length=20, choices=RefundStatus.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")

    def __str__(self) -> str:
        return f"refund {self.pk}"

"""Invoice purchases on the shop's own credit (seed S9, L20, L23).

A registered customer may buy on invoice when credit control has given them a credit account
with a limit. The balance is what the customer's open invoices still owe; a purchase is
allowed only when it fits under the limit and no payment default marking is in force. Each
check is logged with its purpose, source and time (Luottotietolaki 527/2007, L23).

Invoices, their payments and credit notes are accounting vouchers (L20): when the person is
erased they stay, unlinked from the account, until the bookkeeping period ends. The amounts
paid and credited are kept on the invoice as running totals, changed only under the
invoice's row lock, so that the balance is one query.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CreditAccount(models.Model):
    customer = models.OneToOneField(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="credit_account",
    )
    limit_cents = models.PositiveIntegerField(_("credit limit in cents"), default=0)
    opened_on = models.DateField(_("opened"), default=timezone.localdate)

    class Meta:
        verbose_name = _("credit account")
        verbose_name_plural = _("credit accounts")

    def __str__(self) -> str:
        return f"credit account {self.pk}"


class InvoiceStatus(models.TextChoices):
    OPEN = "open", _("open")
    # Settled: paid, or paid in part and the rest credited.
    PAID = "paid", _("paid")
    # Settled by credit notes alone (the goods came back before anything was paid).
    CREDITED = "credited", _("credited")


class Invoice(models.Model):
    # Emptied when the person is erased: the invoice stays as a voucher without identity.
    account = models.ForeignKey(
        CreditAccount,
        verbose_name=_("credit account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invoices",
    )
    order = models.OneToOneField(
        "orders.Order", verbose_name=_("order"), on_delete=models.CASCADE, related_name="invoice"
    )
    # The order's number: one invoice per order.
    number = models.PositiveIntegerField(_("invoice number"), unique=True)
    reference = models.CharField(_("payment reference"), max_length=20)
    amount_cents = models.PositiveIntegerField(_("amount in cents, VAT included"))
    issued_on = models.DateField(_("issued"))
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=InvoiceStatus.choices, default=InvoiceStatus.OPEN
    )
    paid_cents = models.PositiveIntegerField(_("paid in cents"), default=0)
    credited_cents = models.PositiveIntegerField(_("credited in cents"), default=0)
    settled_on = models.DateField(_("settled"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(paid_cents__lte=models.F("amount_cents")),
                name="credit_invoice_paid_at_most_amount",
            ),
            models.CheckConstraint(
                condition=Q(credited_cents__lte=models.F("amount_cents")),
                name="credit_invoice_credited_at_most_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"invoice {self.number}"

    @property
    def owed_cents(self) -> int:
        """What is still to be paid (never below zero: a credit note for goods already paid
        for is refunded, not left on the invoice)."""
        if self.status != InvoiceStatus.OPEN:
            return 0
        return max(0, self.amount_cents - self.paid_cents - self.credited_cents)

    @property
    def refund_due_cents(self) -> int:
        """What the customer is to be paid back: payments and credit notes beyond the amount
        (goods returned after the invoice was paid)."""
        return max(0, self.paid_cents + self.credited_cents - self.amount_cents)

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status == InvoiceStatus.OPEN and self.due_on < today


class InvoicePayment(models.Model):
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.CASCADE, related_name="payments"
    )
    amount_cents = models.PositiveIntegerField(_("amount in cents"))
    paid_on = models.DateField(_("paid"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = _("invoice payment")
        verbose_name_plural = _("invoice payments")

    def __str__(self) -> str:
        return f"invoice payment {self.pk}"


class CreditNote(models.Model):
    """A credit note for goods returned from an invoice purchase: it reduces what the
    invoice asks for."""

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.CASCADE, related_name="credit_notes"
    )
    # Set from the row id once saved, so concurrent returns never get the same number.
    number = models.PositiveIntegerField(_("credit note number"), unique=True, null=True)
    amount_cents = models.PositiveIntegerField(_("amount in cents, VAT included"))
    issued_on = models.DateField(_("issued"))

    class Meta:
        ordering = ["issued_on", "pk"]
        verbose_name = _("credit note")
        verbose_name_plural = _("credit notes")

    def __str__(self) -> str:
        return f"credit note {self.number or self.pk}"


class DefaultClearing(models.TextChoices):
    SETTLED = "settled", _("the invoice was settled")
    CREDIT_CONTROL = "credit_control", _("cleared by credit control")


class PaymentDefault(models.Model):
    """A payment default marking: an invoice left unpaid after its due date. While one is in
    force (not cleared), no new invoice purchase is allowed."""

    account = models.ForeignKey(
        CreditAccount,
        verbose_name=_("credit account"),
        on_delete=models.CASCADE,
        related_name="defaults",
    )
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.CASCADE, related_name="defaults"
    )
    marked_on = models.DateField(_("marked"))
    cleared_on = models.DateField(_("cleared"), null=True, blank=True)
    cleared_because = models.CharField(
        _("cleared because"), max_length=20, choices=DefaultClearing.choices, blank=True
    )

    class Meta:
        ordering = ["-marked_on", "-pk"]
        verbose_name = _("payment default marking")
        verbose_name_plural = _("payment default markings")
        constraints = [
            models.UniqueConstraint(
                fields=["invoice"],
                condition=Q(cleared_on__isnull=True),
                name="credit_one_active_default_per_invoice",
            )
        ]

    def __str__(self) -> str:
        return f"payment default {self.pk}"

    @property
    def in_force(self) -> bool:
        return self.cleared_on is None


class CheckOutcome(models.TextChoices):
    ALLOWED = "allowed", _("allowed")
    REFUSED = "refused", _("refused")


class CheckReason(models.TextChoices):
    WITHIN_LIMIT = "within_limit", _("the purchase fits within the credit limit")
    NO_ACCOUNT = "no_account", _("no credit account")
    PAYMENT_DEFAULT = "payment_default", _("a payment default marking is in force")
    OVER_LIMIT = "over_limit", _("the purchase would exceed the credit limit")
    NOT_SIGNED_IN = "not_signed_in", _("invoice purchase needs a signed-in customer")


class CheckPurpose(models.TextChoices):
    INVOICE_PURCHASE = "invoice_purchase", _("deciding whether to allow an invoice purchase")


class CheckSource(models.TextChoices):
    OWN_RECORDS = (
        "own_records",
        _(
            "the shop's own records of the customer's credit limit, invoices, payments and "
            "payment default markings"
        ),
    )


class CreditCheck(models.Model):
    """One check of a customer's credit, logged with its purpose, source and time (L23)."""

    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="credit_checks",
    )
    checked_at = models.DateTimeField(_("checked"), default=timezone.now)
    amount_cents = models.PositiveIntegerField(_("purchase amount in cents"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=CheckOutcome.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=CheckReason.choices)
    purpose = models.CharField(_("purpose"), max_length=30, choices=CheckPurpose.choices)
    source = models.CharField(_("source of the data"), max_length=30, choices=CheckSource.choices)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = _("credit check")
        verbose_name_plural = _("credit checks")

    def __str__(self) -> str:
        return f"credit check {self.pk}"

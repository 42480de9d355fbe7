"""Orders, their lines, shipments and returns (seed S9).

An order is also an accounting voucher (L20): its number, dates, lines, amounts, VAT and
payment reference stay for the bookkeeping period even when the person is erased; the
fields that identify the person (the link to the customer, the delivery name, address and
phone) are emptied then. Lines copy the product's name, price and VAT rate at order time, so
a later change in the catalogue never changes an order.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.customers.models import Customer


class OrderStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("awaiting payment")
    PAID = "paid", _("paid")
    # Bought on the shop's own credit: the goods go out, the invoice is paid later.
    INVOICED = "invoiced", _("invoiced")
    SHIPPED = "shipped", _("shipped")
    DELIVERED = "delivered", _("delivered")
    CANCELLED = "cancelled", _("cancelled")
    RETURNED = "returned", _("returned and refunded")


class PaymentMethod(models.TextChoices):
    PAYTRAIL = "paytrail", _("online payment (Paytrail)")
    INVOICE = "invoice", _("invoice from the shop")


class Order(models.Model):
    public_id = models.UUIDField(_("order id"), default=uuid.uuid4, unique=True, editable=False)
    # The order number people see and bookkeeping uses; set from the row id when the order is
    # placed, so concurrent checkouts never get the same number.
    number = models.PositiveIntegerField(_("order number"), unique=True, null=True, blank=True)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OrderStatus.choices,
        default=OrderStatus.AWAITING_PAYMENT,
    )
    payment_method = models.CharField(
        _("payment method"), max_length=20, choices=PaymentMethod.choices
    )
    # The Finnish reference number of the payment (viitenumero), from the order number.
    payment_reference = models.CharField(_("payment reference"), max_length=20, blank=True)
    # The language of the order's emails and pages.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="fi", blank=True
    )
    total_cents = models.PositiveIntegerField(_("total in cents, VAT included"), default=0)
    vat_cents = models.PositiveIntegerField(_("VAT in cents"), default=0)
    placed_at = models.DateTimeField(_("placed"), default=timezone.now)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # Where the goods go: copied from the checkout form, since a person may send an order
    # elsewhere than their own address.
    delivery_first_name = models.CharField(_("delivery first name"), max_length=100, blank=True)
    delivery_last_name = models.CharField(_("delivery last name"), max_length=100, blank=True)
    delivery_street_address = models.CharField(
        _("delivery street address"), max_length=200, blank=True
    )
    delivery_postal_code = models.CharField(_("delivery postal code"), max_length=20, blank=True)
    delivery_city = models.CharField(_("delivery city"), max_length=100, blank=True)
    delivery_country = models.CharField(_("delivery country"), max_length=2, blank=True)
    delivery_phone = models.CharField(_("delivery phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["-placed_at", "-pk"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [models.Index(fields=["status", "placed_at"])]

    def __str__(self) -> str:
        return f"order {self.number or self.pk}"

    def audit_subject(self) -> str:
        """How the audit log names this order's customer: their pseudonymous id, or "" once
        the customer has been erased. Only the id is read, never the customer's data."""
        if self.customer_id is None:
            return ""
        public_id = (
            Customer.objects.filter(pk=self.customer_id).values_list("public_id", flat=True).first()
        )
        return str(public_id) if public_id else ""

    @property
    def delivery_name(self) -> str:
        return f"{self.delivery_first_name} {self.delivery_last_name}".strip()

    @property
    def is_paid(self) -> bool:
        return self.status in {OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED}

    @property
    def awaits_shipping(self) -> bool:
        return self.status in {OrderStatus.PAID, OrderStatus.INVOICED}


class OrderLine(models.Model):
    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines"
    )
    product = models.ForeignKey(
        "shop.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    product_code = models.CharField(_("product code"), max_length=100)
    product_name = models.CharField(_("product name"), max_length=200)
    unit_price_cents = models.PositiveIntegerField(_("unit price in cents, VAT included"))
    vat_rate = models.DecimalField(_("VAT rate"), max_digits=4, decimal_places=1)
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")

    def __str__(self) -> str:
        return f"order line {self.pk}"

    @property
    def total_cents(self) -> int:
        return self.unit_price_cents * self.quantity

    @property
    def vat_percentage(self) -> Decimal:
        return Decimal(self.vat_rate)


class ShipmentStatus(models.TextChoices):
    WAITING = "waiting", _("waiting to be shipped")
    SHIPPED = "shipped", _("shipped")
    DELIVERED = "delivered", _("delivered")


class Shipment(models.Model):
    """The delivery of a paid order: created when the payment is confirmed."""

    order = models.OneToOneField(
        Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="shipment"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ShipmentStatus.choices, default=ShipmentStatus.WAITING
    )
    carrier = models.CharField(_("carrier"), max_length=100, blank=True)
    tracking_code = models.CharField(_("tracking code"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"shipment {self.pk}"


class ReturnStatus(models.TextChoices):
    NOTIFIED = "notified", _("withdrawal notified")
    RECEIVED = "received", _("goods received")
    REFUNDED = "refunded", _("refunded")


class RefundMethod(models.TextChoices):
    PAYMENT_REFUND = "payment_refund", _("refund to the original payment")
    CREDIT_NOTE = "credit_note", _("credit note on the invoice")


class NoticeChannel(models.TextChoices):
    CUSTOMER = "customer", _("by the customer in My account")
    ORDER_LINK = "order_link", _("through the link in the order email")
    CUSTOMER_SERVICE = "customer_service", _("to customer service")


class Return(models.Model):
    """A withdrawal from a distance sale (L22): the notice, the goods coming back, the
    refund."""

    public_id = models.UUIDField(_("return id"), default=uuid.uuid4, unique=True, editable=False)
    order = models.OneToOneField(
        Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="return_record"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.NOTIFIED
    )
    notice_channel = models.CharField(
        _("notice given"), max_length=20, choices=NoticeChannel.choices
    )
    notified_on = models.DateField(_("notice of withdrawal given"))
    goods_received_on = models.DateField(_("goods received"), null=True, blank=True)
    refunded_on = models.DateField(_("refunded"), null=True, blank=True)
    refund_method = models.CharField(
        _("refund method"), max_length=20, choices=RefundMethod.choices, blank=True
    )
    refund_cents = models.PositiveIntegerField(_("refund in cents"), null=True, blank=True)

    class Meta:
        ordering = ["-notified_on", "-pk"]
        verbose_name = _("return")
        verbose_name_plural = _("returns")

    def __str__(self) -> str:
        return f"return {self.pk}"

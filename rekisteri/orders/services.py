"""Placing, paying and cancelling orders.

Stock is taken when the order is placed, with one conditional UPDATE per product
(``stock >= quantity``): the database decides who gets the last units, so concurrent
checkouts never sell more than there is (on PostgreSQL the row lock makes the second
UPDATE re-read the stock; on SQLite the immediate transactions queue the writers). An order
that is never paid gives its stock back when it is cancelled.

Prices, names and VAT rates are read from the catalogue inside the transaction, never from
the browser.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.audit.services import audit_record
from rekisteri.customers.models import Customer
from rekisteri.orders.models import (
    Order,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    Shipment,
)
from rekisteri.orders.references import reference_for
from rekisteri.orders.vat import vat_breakdown
from rekisteri.privacy.datamap import purposes
from rekisteri.shop.models import Product

# Order numbers start here, so that every number and its reference look alike.
FIRST_ORDER_NUMBER = 10_000
MAX_QUANTITY = 99
MAX_LINES = 50

_DELIVERY_CATEGORIES = [
    "user.name.first",
    "user.name.last",
    "user.contact.address.street",
    "user.contact.address.postal_code",
    "user.contact.address.city",
    "user.contact.address.country",
    "user.contact.phone_number",
    "user.behavior.purchase_history",
]


@dataclass(frozen=True)
class CartLine:
    product_id: int
    quantity: int


@dataclass(frozen=True)
class Delivery:
    first_name: str
    last_name: str
    street_address: str
    postal_code: str
    city: str
    country: str
    phone: str = ""


class OutOfStock(ValidationError):
    """Not enough of a product left; the message names the product (never a person)."""


def _check_lines(lines: Sequence[CartLine]) -> list[CartLine]:
    if not lines:
        raise ValidationError(_("The cart is empty."), code="empty")
    if len(lines) > MAX_LINES:
        raise ValidationError(_("An order can have at most %(n)d lines.") % {"n": MAX_LINES})
    merged: dict[int, int] = defaultdict(int)
    for line in lines:
        if not 1 <= line.quantity <= MAX_QUANTITY:
            raise ValidationError(
                _("The quantity must be between 1 and %(max)d.") % {"max": MAX_QUANTITY},
                code="quantity",
            )
        merged[line.product_id] += line.quantity
    if any(quantity > MAX_QUANTITY for quantity in merged.values()):
        raise ValidationError(
            _("The quantity must be between 1 and %(max)d.") % {"max": MAX_QUANTITY},
            code="quantity",
        )
    # Always the same order of products, so two checkouts never wait for each other's rows.
    return [CartLine(pk, merged[pk]) for pk in sorted(merged)]


def _take_stock(lines: Sequence[CartLine]) -> dict[int, Product]:
    products = Product.objects.in_bulk([line.product_id for line in lines])
    for line in lines:
        product = products.get(line.product_id)
        if product is None or not product.active:
            raise ValidationError(_("A product in the cart is no longer sold."), code="product")
        taken = Product.objects.filter(
            pk=line.product_id, active=True, stock__gte=line.quantity
        ).update(stock=F("stock") - line.quantity)
        if not taken:
            left = Product.objects.filter(pk=line.product_id).values_list("stock", flat=True)
            raise OutOfStock(
                _("Only %(left)d of “%(name)s” are left.")
                % {"left": max(0, left.first() or 0), "name": product.name},
                code="out_of_stock",
            )
    return products


def _allowed_to_order_for(actor: Actor, customer: Customer) -> bool:
    if actor.kind in {ActorKind.SYSTEM, ActorKind.PUBLIC}:
        # A guest at the checkout (the customer record was just made for them) or a job.
        return True
    if actor.kind == ActorKind.CUSTOMER:
        return actor.ref == str(customer.public_id)
    return False


def order_place(
    *,
    actor: Actor,
    customer: Customer,
    lines: Sequence[CartLine],
    delivery: Delivery,
    payment_method: PaymentMethod,
    language: str,
) -> Order:
    """Place an order: take the stock, copy prices from the catalogue, number the order.

    An invoice purchase is invoiced at once on the customer's credit; other orders wait for
    their payment. Raises ValidationError (nothing saved, no stock taken) when
    a product is gone, short of stock or the credit does not allow the purchase.
    """
    if not _allowed_to_order_for(actor, customer):
        raise PermissionDenied("only the customer orders for themselves")
    checked = _check_lines(lines)
    with transaction.atomic():
        products = _take_stock(checked)
        order = Order.objects.create(
            customer=customer,
            payment_method=payment_method,
            language=language,
            delivery_first_name=delivery.first_name,
            delivery_last_name=delivery.last_name,
            delivery_street_address=delivery.street_address,
            delivery_postal_code=delivery.postal_code,
            delivery_city=delivery.city,
            delivery_country=delivery.country,
            delivery_phone=delivery.phone,
        )
        order_lines = OrderLine.objects.bulk_create(
            [
                OrderLine(
                    order=order,
                    product=products[line.product_id],
                    product_code=products[line.product_id].slug[:100],
                    product_name=products[line.product_id].name,
                    unit_price_cents=products[line.product_id].price_cents,
                    vat_rate=products[line.product_id].vat_rate,
                    quantity=line.quantity,
                )
                for line in checked
            ]
        )
        order.number = FIRST_ORDER_NUMBER + order.pk
        order.payment_reference = reference_for(order.number)
        order.total_cents = sum(line.total_cents for line in order_lines)
        order.vat_cents = sum(row.vat_cents for row in vat_breakdown(order_lines))
        order.save(update_fields=["number", "payment_reference", "total_cents", "vat_cents"])
        if payment_method == PaymentMethod.INVOICE:
            _invoice(actor, order)
        customer.last_active_at = timezone.now()
        customer.save(update_fields=["last_active_at"])
        audit_record(
            actor=actor,
            action="order.place",
            subject=str(customer.public_id),
            categories=_DELIVERY_CATEGORIES,
            purpose=purposes.ORDER_DELIVERY.key,
            detail={"order": order.pk, "lines": len(order_lines), "method": payment_method},
        )
    if payment_method == PaymentMethod.INVOICE:
        from rekisteri.orders.emails import order_confirmation_send

        order_confirmation_send(order)
    return order


def _invoice(actor: Actor, order: Order) -> None:
    """Invoice the order on the customer's credit. The credit check the customer was shown
    ran before (see ``rekisteri.shop.checkout``); ``invoice_issue`` checks the limit again
    under a lock and raises ValidationError when another purchase took the room meanwhile."""
    from rekisteri.credit.services import invoice_issue

    invoice_issue(actor=actor, order=order)
    order.status = OrderStatus.INVOICED
    order.save(update_fields=["status"])
    Shipment.objects.create(order=order)


def order_mark_paid(*, actor: Actor, order_id: int, paid_at: datetime.datetime) -> bool:
    """The payment of an order is confirmed: it moves to shipping and the confirmation is
    mailed. Idempotent: returns False when the order was already paid (or is no longer
    waiting), True when this call marked it."""
    with transaction.atomic():
        order = (
            Order.objects.select_for_update(of=("self",))
            .select_related("customer")
            .get(pk=order_id)
        )
        if order.status != OrderStatus.AWAITING_PAYMENT:
            if order.status == OrderStatus.CANCELLED:
                # Paid after it was cancelled: the stock is gone, so customer service refunds.
                audit_record(
                    actor=actor,
                    action="order.paid_after_cancel",
                    subject=order.audit_subject(),
                    purpose=purposes.PAYMENT.key,
                    detail={"order": order.pk},
                )
            return False
        order.status = OrderStatus.PAID
        order.paid_at = paid_at
        order.save(update_fields=["status", "paid_at"])
        Shipment.objects.create(order=order)
        audit_record(
            actor=actor,
            action="order.paid",
            subject=order.audit_subject(),
            categories=["user.behavior.purchase_history"],
            purpose=purposes.PAYMENT.key,
            detail={"order": order.pk},
        )
    from rekisteri.orders.emails import order_confirmation_send

    order_confirmation_send(order)
    return True


def order_cancel(*, actor: Actor, order_id: int) -> bool:
    """Cancel an order still awaiting payment and give its stock back. Returns False when
    the order is not awaiting payment (already paid, or already cancelled)."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        if order.status != OrderStatus.AWAITING_PAYMENT:
            return False
        for product_id, quantity in (
            order.lines.exclude(product=None)
            .order_by("product_id")
            .values_list("product_id", "quantity")
        ):
            Product.objects.filter(pk=product_id).update(stock=F("stock") + quantity)
        order.status = OrderStatus.CANCELLED
        order.cancelled_at = timezone.now()
        order.save(update_fields=["status", "cancelled_at"])
        audit_record(
            actor=actor,
            action="order.cancel",
            subject=order.audit_subject(),
            purpose=purposes.ORDER_DELIVERY.key,
            detail={"order": order.pk},
        )
    return True

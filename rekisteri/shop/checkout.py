"""The checkout: who orders (a signed-in customer or a guest entering the register through
the checkout channel, seed S2 and L16), the order itself, and the marketing permission the
person may tick (never pre-ticked, L8)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rekisteri.accounts.actors import customer_actor
from rekisteri.audit.actors import Actor
from rekisteri.consents.models import ChangeSource, MarketingChannel, PermissionText
from rekisteri.consents.services import consent_grant
from rekisteri.customers.models import Channel, Customer
from rekisteri.customers.selectors import customer_by_email
from rekisteri.customers.services import customer_create
from rekisteri.orders.models import Order, PaymentMethod
from rekisteri.orders.selectors import catalogue_total_cents
from rekisteri.orders.services import CartLine, Delivery, order_place


@dataclass(frozen=True)
class GuestContact:
    email: str


@dataclass(frozen=True)
class CheckoutResult:
    order: Order
    actor: Actor


def _guest_customer(*, email: str, delivery: Delivery, language: str) -> tuple[Customer, bool]:
    """The guest's customer record: a record of the same address without an account (an
    earlier guest order, a contest entry) is used as it is; otherwise a new record is made.
    An account holder's record is never reached from the public checkout, since anyone can
    type any address."""
    existing = customer_by_email(email)
    if existing is not None and existing.user_id is None:
        return existing, False
    customer = customer_create(
        actor=Actor.public(),
        channel=Channel.CHECKOUT,
        first_name=delivery.first_name,
        last_name=delivery.last_name,
        street_address=delivery.street_address,
        postal_code=delivery.postal_code,
        city=delivery.city,
        country=delivery.country,
        phone=delivery.phone,
        email=email,
        preferred_language=language,
    )
    return customer, True


def _check_credit(customer: Customer, lines: Sequence[CartLine]) -> None:
    """The credit check of an invoice purchase, committed on its own: a refusal is logged
    like an approval (L23), even though no order follows it."""
    from rekisteri.credit.services import credit_check

    decision = credit_check(
        actor=customer_actor(customer),
        customer=customer,
        amount_cents=catalogue_total_cents(lines),
    )
    if not decision.allowed:
        raise ValidationError(
            str(decision.reason or _("An invoice purchase is not possible.")), code="credit"
        )


def checkout(
    *,
    customer: Customer | None,
    guest: GuestContact | None,
    lines: Sequence[CartLine],
    delivery: Delivery,
    payment_method: PaymentMethod,
    language: str,
    marketing_text: PermissionText | None,
) -> CheckoutResult:
    """Place the order of a signed-in ``customer`` or of a ``guest``. Raises ValidationError
    with nothing saved when the order cannot be placed."""
    if (customer is None) == (guest is None):
        raise TypeError("give either the signed-in customer or the guest's contact")
    if payment_method == PaymentMethod.INVOICE:
        if customer is None:
            raise ValidationError(
                _("Invoice purchases are for registered customers only."), code="invoice_guest"
            )
        _check_credit(customer, lines)
    with transaction.atomic():
        new_record = False
        if customer is None:
            assert guest is not None
            customer, new_record = _guest_customer(
                email=guest.email, delivery=delivery, language=language
            )
            actor = Actor.public()
        else:
            actor = customer_actor(customer)
        order = order_place(
            actor=actor,
            customer=customer,
            lines=lines,
            delivery=delivery,
            payment_method=payment_method,
            language=language,
        )
        # A guest's tick counts only for a record made now: otherwise anyone could give
        # permission in someone else's name by typing their address.
        if marketing_text is not None and (guest is None or new_record):
            consent_grant(
                actor=actor,
                customer=customer,
                channel=MarketingChannel.EMAIL,
                source=ChangeSource.CHECKOUT,
                text_version=marketing_text,
            )
    return CheckoutResult(order=order, actor=actor)

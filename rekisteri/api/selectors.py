"""The API's reads of personal data, the same way the staff console reads them: only the
fields the client's roles may read (from the data map) are fetched and returned, and every
read records an audit event per person, naming the data categories shown, never values."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django.db import models, transaction
from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Lower

from rekisteri.access.policy import readable_fields
from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.audit.services import EventSpec, audit_record_many
from rekisteri.consents.models import ConsentRecord, PrivacySwitchRecord
from rekisteri.consents.selectors import consent_overview_for_staff, exclude_restricted
from rekisteri.customers.models import RECORD_FIELDS, Customer
from rekisteri.customers.search_key import MAX_WORDS, search_words
from rekisteri.orders.models import Order, OrderLine
from rekisteri.privacy.datamap import datamap, purposes

# The fields the API knows how to return, in the order it returns them. Which of them a
# client gets is the data map's answer for its roles.
CUSTOMER_FIELDS = ("public_id", *RECORD_FIELDS)
ORDER_FIELDS = (
    "customer",
    "number",
    "status",
    "payment_method",
    "payment_reference",
    "language",
    "total_cents",
    "vat_cents",
    "placed_at",
    "paid_at",
    "cancelled_at",
    "delivery_first_name",
    "delivery_last_name",
    "delivery_street_address",
    "delivery_postal_code",
    "delivery_city",
    "delivery_country",
    "delivery_phone",
)
ORDER_LINE_FIELDS = ("product_code", "product_name", "unit_price_cents", "vat_rate", "quantity")


def shown_fields(actor: Actor, model: type[models.Model], names: Sequence[str]) -> list[str]:
    """Of ``names``, those the actor's roles may read, in the same order."""
    allowed = set(readable_fields(actor.roles, model))
    return [name for name in names if name in allowed]


def reading_purpose(actor: Actor) -> str:
    """Why customer data is read, as the staff console records it: customer service and the
    register manager serve the customer; credit control manages credit."""
    if actor.roles & {Role.CUSTOMER_SERVICE, Role.REGISTER_MANAGER}:
        return purposes.CUSTOMER_RELATIONSHIP.key
    return purposes.CREDIT_MANAGEMENT.key


def order_purpose(actor: Actor) -> str:
    """Why orders are read: to deliver and service them, or (credit control alone) to
    manage credit."""
    if actor.roles & {Role.CUSTOMER_SERVICE, Role.REGISTER_MANAGER, Role.WAREHOUSE}:
        return purposes.ORDER_DELIVERY.key
    return purposes.CREDIT_MANAGEMENT.key


def customer_get(public_id: str) -> Customer | None:
    """The customer with this pseudonymous id, for a service to act on (nothing shown, so
    nothing audited); None for an unknown or malformed id."""
    parsed = _uuid(public_id)
    if parsed is None:
        return None
    return Customer.objects.filter(public_id=parsed).first()


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return None


# Customers.


def customer_row(customer: Customer, names: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(customer, name) for name in names}


def customer_read(*, actor: Actor, customer: Customer) -> dict[str, Any]:
    """One customer's readable fields; the read is audited."""
    names = shown_fields(actor, Customer, CUSTOMER_FIELDS)
    _record(actor, "customer.read", [customer], Customer, names)
    return customer_row(customer, names)


def customer_page_read(
    *, actor: Actor, page: int, page_size: int, words: str = "", email: str = ""
) -> tuple[int, list[dict[str, Any]]]:
    """One page of customers (by name), optionally narrowed by a search: every word of
    ``words`` found in the name, email or phone, and ``email`` matching exactly. Returns the
    number of matches and the page's rows; each person on the page is recorded in the audit
    log."""
    names = shown_fields(actor, Customer, CUSTOMER_FIELDS)
    queryset = _customer_search(actor, words, email)
    if not search_words(words) and not email.strip():
        # Paging through everyone is a bulk export, and no bulk export includes people
        # whose processing is restricted (GDPR Art. 18); a search still finds them, as the
        # staff's search does.
        queryset = exclude_restricted(queryset)
    count = queryset.count()
    start = (page - 1) * page_size
    # The search key begins with the folded surname and first name: ordering by it is
    # ordering by name, and its index serves it.
    customers = list(
        queryset.only("pk", "public_id", *names).order_by("search_key", "pk")[
            start : start + page_size
        ]
    )
    with transaction.atomic():
        _record(actor, "customer.search.read", customers, Customer, names)
    return count, [customer_row(customer, names) for customer in customers]


def _customer_search(actor: Actor, words: str, email: str) -> QuerySet[Customer]:
    # The same folded search key as the staff's search ("ÄIJÄLÄ" finds "Äijälä" on both
    # databases). Searching is reading the fields the key is folded from: a client whose
    # roles may not read all of them cannot search (``policy.customer_search_roles``).
    queryset = Customer.objects.all()
    for word in search_words(words)[:MAX_WORDS]:
        queryset = queryset.filter(search_key__contains=word)
    if email.strip():
        queryset = queryset.alias(email_lower=Lower("email")).filter(
            email_lower=email.strip().lower()
        )
    return queryset


# Orders.


def _orders_of(customer: Customer) -> QuerySet[Order]:
    # An order without a number was never placed (the checkout did not finish).
    return (
        Order.objects.filter(customer=customer)
        .exclude(number=None)
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("pk")))
        .order_by("-placed_at", "-pk")
    )


def order_row(
    order: Order, customer: Customer, names: Sequence[str], line_names: Sequence[str]
) -> dict[str, Any]:
    row: dict[str, Any] = {"public_id": order.public_id}
    for name in names:
        # The link to the customer is shown as the customer's pseudonymous id.
        row[name] = customer.public_id if name == "customer" else getattr(order, name)
    if line_names:
        row["lines"] = [
            {name: getattr(line, name) for name in line_names} for line in order.lines.all()
        ]
    return row


def customer_orders_read(*, actor: Actor, customer: Customer) -> list[dict[str, Any]]:
    """The customer's placed orders, newest first, with their lines; one audit event."""
    names = shown_fields(actor, Order, ORDER_FIELDS)
    line_names = shown_fields(actor, OrderLine, ORDER_LINE_FIELDS)
    orders = list(_orders_of(customer))
    if orders:
        _record_orders(actor, customer, names, line_names, {"orders": len(orders)})
    return [order_row(order, customer, names, line_names) for order in orders]


def customer_order_read(
    *, actor: Actor, customer: Customer, order_id: str
) -> dict[str, Any] | None:
    """One of the customer's orders, or None when the id is not one of theirs."""
    parsed = _uuid(order_id)
    if parsed is None:
        return None
    order = _orders_of(customer).filter(public_id=parsed).first()
    if order is None:
        return None
    names = shown_fields(actor, Order, ORDER_FIELDS)
    line_names = shown_fields(actor, OrderLine, ORDER_LINE_FIELDS)
    _record_orders(actor, customer, names, line_names, {"order": order.number})
    return order_row(order, customer, names, line_names)


def _record_orders(
    actor: Actor,
    customer: Customer,
    names: Sequence[str],
    line_names: Sequence[str],
    detail: dict[str, Any],
) -> None:
    categories = [*datamap.categories(Order, names), *datamap.categories(OrderLine, line_names)]
    if not categories:
        return
    audit_record_many(
        actor=actor,
        events=[
            EventSpec(
                action="order.read",
                subject=str(customer.public_id),
                categories=categories,
                purpose=order_purpose(actor),
                detail=detail,
            )
        ],
    )


def _record(
    actor: Actor,
    action: str,
    customers: Sequence[Customer],
    model: type[models.Model],
    names: Sequence[str],
) -> None:
    if not customers or not names:
        return
    categories = datamap.categories(model, names)
    purpose = reading_purpose(actor)
    audit_record_many(
        actor=actor,
        events=[
            EventSpec(
                action=action,
                subject=str(customer.public_id),
                categories=categories,
                purpose=purpose,
            )
            for customer in customers
        ],
    )


# Marketing permissions.

CONSENT_FIELDS = ("channel", "action", "source", "recorded_at", "text_version")


def customer_consents_read(*, actor: Actor, customer: Customer) -> dict[str, Any]:
    """The person's current permission on each channel, and their prohibition and
    restriction, read with the console's selector (which checks the roles and records the
    read); only the fields the roles may read are returned."""
    overview = consent_overview_for_staff(actor=actor, customer=customer)
    names = set(shown_fields(actor, ConsentRecord, CONSENT_FIELDS))
    channels = []
    for state in overview.channels:
        latest = state.latest
        row: dict[str, Any] = {}
        if "channel" in names:
            row["channel"] = state.channel.value
        if "action" in names:
            row["granted"] = state.granted
        if "source" in names:
            row["source"] = latest.source if latest else None
        if "recorded_at" in names:
            row["recorded_at"] = latest.recorded_at if latest else None
        if "text_version" in names:
            text = latest.text_version if latest else None
            row["text_language"] = text.language if text else None
            row["text_version"] = text.version if text else None
        channels.append(row)
    result: dict[str, Any] = {"channels": channels}
    if shown_fields(actor, PrivacySwitchRecord, ("enabled",)):
        result["marketing_prohibited"] = overview.marketing_prohibited
        result["restricted"] = overview.restricted
    return result

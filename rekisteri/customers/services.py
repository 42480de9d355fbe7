"""Writes to customer records. Each takes an ``actor`` and is audited in its transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.audit.services import audit_record
from rekisteri.customers.models import CONTACT_FIELDS, Channel, Customer
from rekisteri.customers.selectors import customer_by_email
from rekisteri.privacy.datamap import datamap, purposes

# Fields a customer record may be created or corrected with (the rest are recorded).


def customer_create(*, actor: Actor, channel: Channel, **contact: Any) -> Customer:
    unknown = set(contact) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"customer_create got unknown fields {sorted(unknown)}")
    if contact.get("email"):
        contact["email"] = contact["email"].strip().lower()
    with transaction.atomic():
        customer = Customer(channel=channel, **contact)
        customer.full_clean()
        customer.save(force_insert=True)
        given = [name for name in CONTACT_FIELDS if contact.get(name)]
        audit_record(
            actor=actor,
            action="customer.create",
            subject=str(customer.public_id),
            categories=datamap.categories(Customer, [*given, "channel", "entered_at"]),
            purpose=purposes.CUSTOMER_RELATIONSHIP.key,
            detail={"channel": channel.value},
        )
    return customer


def customer_update(*, actor: Actor, customer: Customer, **changes: Any) -> Customer:
    """Rectify contact data (GDPR Art. 16); the audit event names the categories changed."""
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"customer_update got unknown fields {sorted(unknown)}")
    if changes.get("email"):
        changes["email"] = changes["email"].strip().lower()
    changed = [name for name, value in changes.items() if getattr(customer, name) != value]
    if not changed:
        return customer
    with transaction.atomic():
        for name in changed:
            setattr(customer, name, changes[name])
        customer.full_clean()
        # The search key is folded from the contact fields whenever the row is saved.
        customer.save(update_fields=[*changed, "search_key"])
        audit_record(
            actor=actor,
            action="customer.update",
            subject=str(customer.public_id),
            categories=datamap.categories(Customer, changed),
            purpose=purposes.CUSTOMER_RELATIONSHIP.key,
        )
    return customer


def customer_touch(*, actor: Actor, customer: Customer) -> Customer:
    """Record a sign of life of the customer relationship (a sign-in): the retention period
    of the customer's data runs from ``last_active_at``. Only the customer themselves or the
    system may do this."""
    is_self = actor.kind == ActorKind.CUSTOMER and actor.ref == str(customer.public_id)
    if not (is_self or actor.kind == ActorKind.SYSTEM):
        raise PermissionDenied("only the customer or the system marks the customer active")
    with transaction.atomic():
        customer.last_active_at = timezone.now()
        customer.save(update_fields=["last_active_at"])
        audit_record(
            actor=actor,
            action="customer.touch",
            subject=str(customer.public_id),
            categories=datamap.categories(Customer, ["last_active_at"]),
            purpose=purposes.CUSTOMER_RELATIONSHIP.key,
        )
    return customer


def customer_find_or_create(
    *, actor: Actor, channel: Channel, email: str, name: str, preferred_language: str
) -> tuple[Customer, bool]:
    """The customer with this address, or a new one entering the register through
    ``channel``; and whether it is new. Public forms use this: an existing record is never
    changed, since anyone can type any address into a public form."""
    existing = customer_by_email(email)
    if existing is not None:
        return existing, False
    words = name.split()
    # "Anna Maria Virtanen" -> ("Anna Maria", "Virtanen"); one word is a first name.
    first_name = " ".join(words[:-1]) if len(words) > 1 else " ".join(words)
    last_name = words[-1] if len(words) > 1 else ""
    customer = customer_create(
        actor=actor,
        channel=channel,
        first_name=first_name,
        last_name=last_name,
        email=email,
        preferred_language=preferred_language,
    )
    return customer, True

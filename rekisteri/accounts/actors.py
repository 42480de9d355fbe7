"""The actor for a customer acting on their own data (audit events name them by their
pseudonymous customer id)."""

from __future__ import annotations

from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.customers.models import Customer


def customer_actor(customer: Customer) -> Actor:
    return Actor(ActorKind.CUSTOMER, str(customer.public_id))


def acts_for(actor: Actor, customer: Customer) -> bool:
    """True when ``actor`` is the customer themselves or a system job."""
    if actor.kind == ActorKind.SYSTEM:
        return True
    return actor.kind == ActorKind.CUSTOMER and actor.ref == str(customer.public_id)

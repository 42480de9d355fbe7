"""Reading customer records."""

from __future__ import annotations

from django.db.models.functions import Lower

from rekisteri.customers.models import Customer


def customer_by_email(email: str) -> Customer | None:
    """The customer with this address, case-insensitively; of several, the first to have
    entered the register."""
    return (
        Customer.objects.alias(email_lower=Lower("email"))
        .filter(email_lower=email.strip().lower())
        .order_by("entered_at", "pk")
        .first()
    )

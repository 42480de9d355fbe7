"""Customers with orders and permissions, made through the real services where they exist."""

from __future__ import annotations

from typing import Any

from rekisteri.audit.actors import Actor
from rekisteri.consents.models import MarketingChannel, PermissionText
from rekisteri.consents.services import permission_text_publish
from rekisteri.customers.models import Channel, Customer
from rekisteri.customers.services import customer_create

SYSTEM = Actor.system("test")


def customer(**overrides: Any) -> Customer:
    values: dict[str, Any] = {
        "first_name": "Aino",
        "last_name": "Äijälä",
        "street_address": "Pallokuja 5 A 3",
        "postal_code": "02920",
        "city": "Espoo",
        "country": "FI",
        "phone": "+358 40 111 2222",
        "email": "aino.aijala@example.fi",
        "preferred_language": "fi",
        **overrides,
    }
    return customer_create(actor=SYSTEM, channel=Channel.CHECKOUT, **values)


def permission_text(
    channel: MarketingChannel = MarketingChannel.EMAIL, language: str = "fi"
) -> PermissionText:
    return permission_text_publish(
        actor=SYSTEM,
        channel=channel,
        language=language,
        text="Saa lähettää tarjouksia sähköpostilla.",
    )

"""Shared helpers for the staff's customer pages' tests."""

from __future__ import annotations

import json
from typing import Any

from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.customers.models import Channel, Customer
from rekisteri.customers.services import customer_create

SYSTEM = Actor.system("test")


def make_customer(**values: Any) -> Customer:
    person = {
        "first_name": "Matti",
        "last_name": "Virtanen",
        "email": "",
        "phone": "",
        "city": "Tampere",
        **values,
    }
    return customer_create(actor=SYSTEM, channel=Channel.CHECKOUT, **person)


def audit_text() -> str:
    return json.dumps(list(AuditEvent.objects.values()), default=str).casefold()


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("sequence"))

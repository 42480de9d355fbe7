"""Fixtures for the data-subject request queue: a customer made with the real services, the
register manager as an actor, and requests entered through the service."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from itertools import count
from typing import Any

import pytest

from rekisteri.access.roles import Role
from rekisteri.accounts.models import User
from rekisteri.audit.actors import Actor
from rekisteri.customers.models import Channel, Customer
from rekisteri.customers.services import customer_create
from rekisteri.subject_requests.models import RequestChannel, RequestKind, SubjectRequest
from rekisteri.subject_requests.services import request_receive

SYSTEM = Actor.system("test")
_numbers = count(1)


def make_customer(first_name: str = "Ilmari") -> Customer:
    n = next(_numbers)
    return customer_create(
        actor=SYSTEM,
        channel=Channel.REGISTRATION,
        first_name=first_name,
        last_name="Pallonen",
        email=f"{first_name.lower()}{n}@example.fi",
        phone="+358 44 987 6543",
        street_address="Kumikuja 13 B 7",
        postal_code="33100",
        city="Tampere",
    )


@pytest.fixture
def customer(db) -> Customer:
    return make_customer()


@pytest.fixture
def manager(make_staff: Callable[..., User]) -> Actor:
    return Actor.for_staff(make_staff(Role.REGISTER_MANAGER))


@pytest.fixture
def receive(manager: Actor) -> Callable[..., SubjectRequest]:
    """A request entered by the register manager, received by phone unless told otherwise."""

    def make(
        customer: Customer, kind: RequestKind = RequestKind.ACCESS, **kwargs: Any
    ) -> SubjectRequest:
        values: dict[str, Any] = {
            "channel": RequestChannel.PHONE,
            "identity_check_note": "Asked for the order number and date of birth",
            "received_on": None,
        }
        values.update(kwargs)
        return request_receive(actor=manager, customer=customer, kind=kind, **values)

    return make


def days_ago(days: int) -> datetime.date:
    from django.utils import timezone

    return timezone.localdate() - datetime.timedelta(days=days)

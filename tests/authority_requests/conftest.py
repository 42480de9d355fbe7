"""Fixtures of the authority-request tests: a person with rows in every sub-register, and
two register managers (one records, the other approves)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from rekisteri.access.roles import Role
from rekisteri.accounts.models import User
from rekisteri.audit.actors import Actor
from rekisteri.authority_requests.models import AuthorityRequest, Decision
from rekisteri.authority_requests.services import authority_request_record
from rekisteri.customers.models import Customer
from tests.privacy.subject_factories import make_person


@pytest.fixture
def person(db) -> Customer:
    return make_person()


@pytest.fixture
def recorder(make_staff: Callable[..., User]) -> User:
    return make_staff(Role.REGISTER_MANAGER)


@pytest.fixture
def approver(make_staff: Callable[..., User]) -> User:
    return make_staff(Role.REGISTER_MANAGER)


@pytest.fixture
def record(person: Customer, recorder: User) -> Callable[..., AuthorityRequest]:
    """Record a request about ``person`` by ``recorder``; keywords override the defaults."""

    def make(**changes: Any) -> AuthorityRequest:
        values: dict[str, Any] = {
            "customer": person,
            "authority": "Poliisi / Helsingin poliisilaitos",
            "legal_basis": "Poliisilaki 872/2011 4 luku 3 §",
            "reference": "R-2026-77",
            "received_at": timezone.now() - datetime.timedelta(hours=2),
            "scope_subregisters": ["customers"],
            "scope_categories": [],
            "decision": Decision.DISCLOSE,
        }
        values.update(changes)
        return authority_request_record(actor=Actor.for_staff(recorder), **values)

    return make

"""``customers.services.customer_touch``: a sign of life of the customer relationship, by
the customer themselves or the system, audited."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied

from rekisteri.accounts.actors import customer_actor
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.customers.models import Customer
from rekisteri.customers.services import customer_touch
from tests.accounts.conftest import Clock, Registered

pytestmark = pytest.mark.django_db


def test_the_customer_marks_themselves_active(
    register: Callable[..., Registered], clock: Clock
) -> None:
    person = register()
    clock.advance(days=100)

    customer_touch(actor=customer_actor(person.customer), customer=person.customer)

    assert Customer.objects.get(pk=person.customer.pk).last_active_at == clock.now
    event = AuditEvent.objects.get(action="customer.touch")
    assert event.subject == str(person.customer.public_id)


@pytest.mark.parametrize("who", ["another customer", "staff", "public"])
def test_no_one_else_may_mark_a_customer_active(
    register: Callable[..., Registered], make_staff, who: str
) -> None:
    person, other = register(), register()
    before = Customer.objects.get(pk=person.customer.pk).last_active_at
    actor = {
        "another customer": lambda: customer_actor(other.customer),
        "staff": lambda: Actor.for_staff(make_staff()),
        "public": Actor.public,
    }[who]()

    with pytest.raises(PermissionDenied):
        customer_touch(actor=actor, customer=person.customer)

    assert Customer.objects.get(pk=person.customer.pk).last_active_at == before
    assert not AuditEvent.objects.filter(action="customer.touch").exists()

"""The warehouse's reads: the pick list holds the waiting shipments of paid or invoiced
orders and nothing of an order but where it goes and what is in it; each read is audited."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.orders.models import OrderStatus, Shipment, ShipmentStatus
from rekisteri.orders.pick_list import PickLine, PickRow, pick_list, shipped_list
from tests.orders.factories import (
    delivered_order,
    make_customer,
    make_order,
    make_shipment,
    shipped_order,
    waiting_order,
)

pytestmark = pytest.mark.django_db

PICK_ROW_KEYS = {
    "shipment_id",
    "order_number",
    "delivery_name",
    "street_address",
    "postal_code",
    "city",
    "country",
    "phone",
    "lines",
}


@pytest.fixture
def warehouse(make_staff) -> Actor:
    return Actor.for_staff(make_staff(Role.WAREHOUSE))


def test_a_row_holds_the_delivery_address_and_lines_and_nothing_else(warehouse: Actor) -> None:
    customer = make_customer(
        first_name="Aino", last_name="Ilmanen", email="aino.ilmanen@example.fi"
    )
    order = waiting_order(customer=customer, delivery_phone="+358 40 123 4567")

    [row] = pick_list(actor=warehouse)

    assert set(dataclasses.asdict(row)) == PICK_ROW_KEYS
    assert row.shipment_id == order.shipment.pk
    assert row.order_number == order.number
    assert (row.delivery_name, row.street_address, row.postal_code, row.city, row.country) == (
        "Aino Ilmanen",
        "Pallokuja 5 A 3",
        "02920",
        "Espoo",
        "FI",
    )
    assert row.phone == "+358 40 123 4567"
    assert row.lines == (
        PickLine("foliopallo-sydan", "Foliopallo Sydän", 2),
        PickLine("heliumpullo-pieni", "Heliumpullo pieni", 1),
    )


def test_the_delivery_name_is_the_one_on_the_order_not_the_customer_s(warehouse: Actor) -> None:
    waiting_order(delivery_first_name="Lahja", delivery_last_name="Saaja")
    [row] = pick_list(actor=warehouse)
    assert row.delivery_name == "Lahja Saaja"


def test_only_waiting_shipments_of_paid_or_invoiced_orders_are_listed(warehouse: Actor) -> None:
    paid = waiting_order(status=OrderStatus.PAID)
    invoiced = waiting_order(status=OrderStatus.INVOICED)
    cancelled = make_order(status=OrderStatus.CANCELLED)
    make_shipment(cancelled)
    unpaid = make_order(status=OrderStatus.AWAITING_PAYMENT)
    make_shipment(unpaid)
    shipped_order()
    delivered_order()

    rows = pick_list(actor=warehouse)

    assert [row.order_number for row in rows] == [paid.number, invoiced.number]


def test_the_oldest_waiting_shipment_comes_first(warehouse: Actor) -> None:
    newer = waiting_order()
    older = waiting_order()
    Shipment.objects.filter(pk=older.shipment.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    assert [row.order_number for row in pick_list(actor=warehouse)] == [
        older.number,
        newer.number,
    ]


def test_the_queries_load_no_other_field_of_the_order(warehouse: Actor) -> None:
    waiting_order()
    with CaptureQueriesContext(connection) as queries:
        pick_list(actor=warehouse)
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith("SELECT")]
    selected = " ".join(sql.split(" FROM ")[0] for sql in reads)
    for column in (
        "email",
        "total_cents",
        "vat_cents",
        "payment_method",
        "payment_reference",
        "customer_id",
        "unit_price_cents",
    ):
        assert column not in selected, column
    assert "delivery_street_address" in selected
    # The customer's pseudonymous id is read for the audit events only; the rows shown to
    # the warehouse do not carry it.
    assert "public_id" not in {field.name for field in dataclasses.fields(PickRow)}


def _queries(actor: Actor) -> int:
    with CaptureQueriesContext(connection) as queries:
        pick_list(actor=actor)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_orders(
    warehouse: Actor, django_assert_max_num_queries
) -> None:
    waiting_order()
    few = _queries(warehouse)  # also starts the audit chain
    for _ in range(40):
        waiting_order()
    # Two reads, and the audit append (head, insert, head update) in a savepoint.
    with django_assert_max_num_queries(7):
        rows = pick_list(actor=warehouse)
    assert len(rows) == 41
    assert all(len(row.lines) == 2 for row in rows)
    assert _queries(warehouse) <= few


def test_the_read_is_one_audit_event_per_person_without_names(warehouse: Actor) -> None:
    first, second = waiting_order(), waiting_order()

    pick_list(actor=warehouse)

    events = list(AuditEvent.objects.filter(action="orders.pick_list.read"))
    assert [(e.subject, e.detail) for e in events] == [
        (str(first.customer.public_id), {"order": str(first.pk)}),
        (str(second.customer.public_id), {"order": str(second.pk)}),
    ]
    event = events[0]
    assert event.purpose == "essential.service.operations"
    assert {
        "user.name.first",
        "user.name.last",
        "user.contact.address.street",
        "user.contact.address.postal_code",
        "user.contact.address.city",
        "user.contact.address.country",
        "user.contact.phone_number",
        "user.behavior.purchase_history",
    } == set(event.categories)
    assert event.actor_roles == "warehouse"


def test_an_empty_pick_list_reads_nobody_s_data(warehouse: Actor) -> None:
    assert pick_list(actor=warehouse) == []
    assert not AuditEvent.objects.filter(action="orders.pick_list.read").exists()


@pytest.mark.parametrize(
    "role", [Role.CUSTOMER_SERVICE, Role.MARKETING, Role.CREDIT_CONTROL, Role.ADMINISTRATOR]
)
def test_other_roles_may_not_read_the_pick_list(make_staff, role: Role) -> None:
    waiting_order()
    actor = Actor.for_staff(make_staff(role))
    with pytest.raises(PermissionDenied):
        pick_list(actor=actor)
    with pytest.raises(PermissionDenied):
        shipped_list(actor=actor)
    assert not AuditEvent.objects.filter(action__startswith="orders.").exists()


def test_a_system_job_is_not_the_warehouse() -> None:
    with pytest.raises(PermissionDenied):
        pick_list(actor=Actor.system("export"))


def test_the_shipped_list_holds_shipments_on_their_way(warehouse: Actor) -> None:
    on_the_way = shipped_order()
    waiting_order()
    delivered_order()

    [row] = shipped_list(actor=warehouse)

    assert set(dataclasses.asdict(row)) == {
        "shipment_id",
        "order_number",
        "carrier",
        "tracking_code",
        "shipped_at",
    }
    assert (row.shipment_id, row.order_number, row.carrier) == (
        on_the_way.shipment.pk,
        on_the_way.number,
        "Posti",
    )
    event = AuditEvent.objects.get(action="orders.shipped_list.read")
    assert event.subject == str(on_the_way.customer.public_id)
    assert event.detail == {"order": str(on_the_way.pk)}
    assert event.categories == ["user.behavior.purchase_history"]
    assert Shipment.objects.get(pk=row.shipment_id).status == ShipmentStatus.SHIPPED

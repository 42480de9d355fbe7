"""Marking deliveries shipped and delivered: who may, from which state, with what input, and
what the audit log says."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from rekisteri.access.roles import Role
from rekisteri.accounts.actors import customer_actor
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.orders.deliveries import shipment_mark_delivered, shipment_mark_shipped
from rekisteri.orders.models import Order, OrderStatus, Shipment, ShipmentStatus
from tests.orders.factories import shipped_order, waiting_order
from tests.staff.translations import write_mo

pytestmark = pytest.mark.django_db

TRACKING = "JJFI64123450000012345"


@pytest.fixture
def warehouse(make_staff) -> Actor:
    return Actor.for_staff(make_staff(Role.WAREHOUSE))


def _ship(actor: Actor, order: Order, **overrides: str) -> Shipment:
    values = {"carrier": "Posti", "tracking_code": TRACKING, **overrides}
    return shipment_mark_shipped(actor=actor, shipment_id=order.shipment.pk, **values)


def _state(order: Order) -> tuple[str, str]:
    order.refresh_from_db()
    order.shipment.refresh_from_db()
    return order.status, order.shipment.status


@pytest.mark.parametrize("status", [OrderStatus.PAID, OrderStatus.INVOICED])
def test_the_warehouse_marks_a_paid_or_invoiced_order_shipped(
    warehouse: Actor, status: OrderStatus
) -> None:
    order = waiting_order(status=status)

    shipment = _ship(warehouse, order, carrier="  Matkahuolto ", tracking_code=f" {TRACKING} ")

    assert _state(order) == (OrderStatus.SHIPPED, ShipmentStatus.SHIPPED)
    shipment.refresh_from_db()
    assert (shipment.carrier, shipment.tracking_code) == ("Matkahuolto", TRACKING)
    assert shipment.shipped_at is not None


def test_shipping_is_audited_by_ids_only(warehouse: Actor) -> None:
    order = waiting_order()

    _ship(warehouse, order)

    event = AuditEvent.objects.get(action="orders.shipment_ship")
    assert event.subject == str(order.customer.public_id)
    assert event.detail == {"shipment": order.shipment.pk, "order": order.pk}
    assert event.purpose == "essential.service.operations"
    assert event.actor_roles == "warehouse"
    assert TRACKING not in str(event.detail) and "Posti" not in str(event.detail)


def test_a_system_job_may_mark_deliveries() -> None:
    order = waiting_order()
    _ship(Actor.system("carrier-feed"), order)
    shipment_mark_delivered(actor=Actor.system("carrier-feed"), shipment_id=order.shipment.pk)
    assert _state(order) == (OrderStatus.DELIVERED, ShipmentStatus.DELIVERED)


@pytest.mark.parametrize("role", [Role.CUSTOMER_SERVICE, Role.REGISTER_MANAGER, Role.MARKETING])
def test_other_roles_may_not_mark_shipped(make_staff, role: Role) -> None:
    order = waiting_order()
    with pytest.raises(PermissionDenied):
        _ship(Actor.for_staff(make_staff(role)), order)
    assert _state(order) == (OrderStatus.PAID, ShipmentStatus.WAITING)
    assert not AuditEvent.objects.filter(action="orders.shipment_ship").exists()


def test_the_customer_may_not_mark_their_own_order_shipped_or_delivered() -> None:
    order = shipped_order()
    with pytest.raises(PermissionDenied):
        shipment_mark_delivered(actor=customer_actor(order.customer), shipment_id=order.shipment.pk)
    with pytest.raises(PermissionDenied):
        _ship(Actor.public(), waiting_order())


def test_a_shipped_delivery_cannot_be_shipped_again(warehouse: Actor) -> None:
    order = waiting_order()
    _ship(warehouse, order)

    with pytest.raises(ValidationError) as caught:
        _ship(warehouse, order, carrier="DHL")

    assert caught.value.code == "not_waiting"
    order.shipment.refresh_from_db()
    assert order.shipment.carrier == "Posti"
    assert AuditEvent.objects.filter(action="orders.shipment_ship").count() == 1


def test_the_refusal_is_in_the_staff_member_s_language(
    warehouse: Actor, settings, tmp_path: Path
) -> None:
    write_mo(
        tmp_path / "locale" / "sv" / "LC_MESSAGES" / "django.mo",
        {"This delivery has already been marked as shipped.": "Leveransen är redan skickad."},
    )
    settings.LOCALE_PATHS = [tmp_path / "locale", *settings.LOCALE_PATHS]
    order = waiting_order()
    _ship(warehouse, order)

    with translation.override("sv"), pytest.raises(ValidationError) as caught:
        _ship(warehouse, order)

    assert caught.value.messages == ["Leveransen är redan skickad."]


def test_a_cancelled_order_is_not_shipped(warehouse: Actor) -> None:
    order = waiting_order()
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.CANCELLED)

    with pytest.raises(ValidationError) as caught:
        _ship(warehouse, order)

    assert caught.value.code == "order_not_payable"
    assert _state(order) == (OrderStatus.CANCELLED, ShipmentStatus.WAITING)


@pytest.mark.parametrize(
    ("carrier", "tracking_code", "field"),
    [
        ("", TRACKING, "carrier"),
        ("   ", TRACKING, "carrier"),
        ("Posti", "", "tracking_code"),
        ("P" * 101, TRACKING, "carrier"),
        ("Posti", "J" * 101, "tracking_code"),
        ("Posti\nMatkahuolto", TRACKING, "carrier"),
        ("Posti", "JJFI\t6412", "tracking_code"),
        ("Posti", "JJFI\u200b6412", "tracking_code"),
        ("Posti", "JJFI\x006412", "tracking_code"),
    ],
)
def test_bad_carrier_or_tracking_code_is_refused_by_field(
    warehouse: Actor, carrier: str, tracking_code: str, field: str
) -> None:
    order = waiting_order()

    with pytest.raises(ValidationError) as caught:
        _ship(warehouse, order, carrier=carrier, tracking_code=tracking_code)

    assert set(caught.value.message_dict) == {field}
    assert _state(order) == (OrderStatus.PAID, ShipmentStatus.WAITING)


def test_both_fields_wrong_are_reported_together(warehouse: Actor) -> None:
    order = waiting_order()
    with pytest.raises(ValidationError) as caught:
        _ship(warehouse, order, carrier="", tracking_code="")
    assert set(caught.value.message_dict) == {"carrier", "tracking_code"}


def test_an_unknown_shipment_is_not_found(warehouse: Actor) -> None:
    with pytest.raises(Shipment.DoesNotExist):
        shipment_mark_shipped(
            actor=warehouse, shipment_id=999_999, carrier="Posti", tracking_code=TRACKING
        )


def test_the_warehouse_marks_a_shipped_order_delivered(warehouse: Actor) -> None:
    order = shipped_order()

    shipment = shipment_mark_delivered(actor=warehouse, shipment_id=order.shipment.pk)

    assert _state(order) == (OrderStatus.DELIVERED, ShipmentStatus.DELIVERED)
    assert shipment.delivered_at is not None
    event = AuditEvent.objects.get(action="orders.shipment_deliver")
    assert event.detail == {"shipment": shipment.pk, "order": order.pk}
    assert event.subject == str(order.customer.public_id)


def test_a_delivery_time_may_be_given(warehouse: Actor) -> None:
    order = shipped_order()
    Shipment.objects.filter(pk=order.shipment.pk).update(
        shipped_at=timezone.now() - datetime.timedelta(days=3)
    )
    when = timezone.now() - datetime.timedelta(days=1)

    shipment_mark_delivered(actor=warehouse, shipment_id=order.shipment.pk, delivered_at=when)

    order.shipment.refresh_from_db()
    assert order.shipment.delivered_at == when


def test_a_waiting_shipment_cannot_be_delivered(warehouse: Actor) -> None:
    order = waiting_order()
    with pytest.raises(ValidationError) as caught:
        shipment_mark_delivered(actor=warehouse, shipment_id=order.shipment.pk)
    assert caught.value.code == "not_shipped"
    assert _state(order) == (OrderStatus.PAID, ShipmentStatus.WAITING)


def test_a_delivered_shipment_cannot_be_delivered_again(warehouse: Actor) -> None:
    order = shipped_order()
    first = timezone.now()
    shipment_mark_delivered(actor=warehouse, shipment_id=order.shipment.pk, delivered_at=first)
    with pytest.raises(ValidationError):
        shipment_mark_delivered(actor=warehouse, shipment_id=order.shipment.pk)
    order.shipment.refresh_from_db()
    assert order.shipment.delivered_at == first


def test_a_delivery_in_the_future_is_refused(warehouse: Actor) -> None:
    order = shipped_order()
    with pytest.raises(ValidationError) as caught:
        shipment_mark_delivered(
            actor=warehouse,
            shipment_id=order.shipment.pk,
            delivered_at=timezone.now() + datetime.timedelta(hours=2),
        )
    assert set(caught.value.message_dict) == {"delivered_at"}
    assert _state(order) == (OrderStatus.SHIPPED, ShipmentStatus.SHIPPED)


def test_a_delivery_before_the_shipping_day_is_refused(warehouse: Actor) -> None:
    order = shipped_order()
    with pytest.raises(ValidationError) as caught:
        shipment_mark_delivered(
            actor=warehouse,
            shipment_id=order.shipment.pk,
            delivered_at=timezone.now() - datetime.timedelta(days=2),
        )
    assert set(caught.value.message_dict) == {"delivered_at"}
    assert _state(order) == (OrderStatus.SHIPPED, ShipmentStatus.SHIPPED)


def test_a_naive_delivery_time_is_a_programming_error(warehouse: Actor) -> None:
    order = shipped_order()
    with pytest.raises(ValueError, match="timezone-aware"):
        shipment_mark_delivered(
            actor=warehouse,
            shipment_id=order.shipment.pk,
            delivered_at=datetime.datetime(2026, 1, 1, 12, 0),
        )


@pytest.mark.parametrize("role", [Role.CUSTOMER_SERVICE, Role.CATALOGUE])
def test_other_roles_may_not_mark_delivered(make_staff, role: Role) -> None:
    order = shipped_order()
    with pytest.raises(PermissionDenied):
        shipment_mark_delivered(
            actor=Actor.for_staff(make_staff(role)), shipment_id=order.shipment.pk
        )
    assert _state(order) == (OrderStatus.SHIPPED, ShipmentStatus.SHIPPED)

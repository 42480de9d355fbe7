"""The warehouse's pages: the pick list with its "mark shipped" forms, and the shipments on
their way with "mark delivered"."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rekisteri.access.roles import Role
from rekisteri.audit.models import AuditEvent
from rekisteri.orders.models import Order, OrderStatus, Shipment, ShipmentStatus
from rekisteri.orders.staff_views import PICK_LIST_PAGE
from tests.fixtures.staff import sign_in_staff
from tests.orders.factories import (
    make_customer,
    many_waiting_orders,
    shipped_order,
    waiting_order,
)

pytestmark = pytest.mark.django_db

PICK_LIST = reverse("staff:orders_pick_list")
SHIPPED = reverse("staff:orders_shipped")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def warehouse(client: Client, make_staff) -> Client:
    sign_in_staff(client, make_staff(Role.WAREHOUSE))
    return client


def ship_url(order: Order) -> str:
    return reverse("staff:orders_shipment_ship", args=[order.shipment.pk])


def deliver_url(order: Order) -> str:
    return reverse("staff:orders_shipment_deliver", args=[order.shipment.pk])


def test_the_pick_list_shows_where_to_send_but_not_the_email_or_the_amounts(
    warehouse: Client,
) -> None:
    customer = make_customer(email="aino.ilmanen@example.fi", first_name="Aino")
    order = waiting_order(customer=customer, delivery_phone="+358 40 765 4321")

    page = warehouse.get(PICK_LIST, **EN).content.decode()

    assert str(order.number) in page
    for shown in ("Aino Ilmanen", "Pallokuja 5 A 3", "02920", "Espoo", "+358 40 765 4321"):
        assert shown in page
    assert "Foliopallo Sydän" in page and "foliopallo-sydan" in page
    assert ship_url(order) in page
    assert "aino.ilmanen@example.fi" not in page
    assert "@example.fi" not in page
    total = f"{order.total_cents // 100}"
    assert f"{total},{order.total_cents % 100:02d}" not in page
    assert f"{total}.{order.total_cents % 100:02d}" not in page


@pytest.mark.parametrize(
    "role", [Role.CUSTOMER_SERVICE, Role.MARKETING, Role.CREDIT_CONTROL, Role.ADMINISTRATOR]
)
def test_other_roles_get_403(client: Client, make_staff, role: Role) -> None:
    order = waiting_order()
    sign_in_staff(client, make_staff(role))
    assert client.get(PICK_LIST).status_code == 403
    assert client.get(SHIPPED).status_code == 403
    post = {"carrier": "Posti", "tracking_code": "JJFI1"}
    assert client.post(ship_url(order), post).status_code == 403
    assert Shipment.objects.get(pk=order.shipment.pk).status == ShipmentStatus.WAITING


def test_a_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(PICK_LIST)
    assert response.status_code == 302
    assert "/henkilokunta/kirjaudu/" in response["Location"]


def test_marking_shipped_from_the_page(warehouse: Client) -> None:
    order = waiting_order()

    response = warehouse.post(ship_url(order), {"carrier": "Posti", "tracking_code": "JJFI1"}, **EN)

    assert response.status_code == 303
    assert response["Location"] == PICK_LIST
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED
    page = warehouse.get(PICK_LIST, **EN).content.decode()
    assert f"Order {order.number} has been marked as shipped." in page
    assert ship_url(order) not in page


def test_a_missing_tracking_code_is_refused_with_a_message(warehouse: Client) -> None:
    order = waiting_order()

    response = warehouse.post(ship_url(order), {"carrier": "Posti", "tracking_code": ""}, **EN)

    assert response.status_code == 400
    page = response.content.decode()
    assert "The shipment was not marked as shipped" in page
    assert "This field is required." in page
    # What was typed stays in the row's form.
    assert 'value="Posti"' in page
    assert Shipment.objects.get(pk=order.shipment.pk).status == ShipmentStatus.WAITING


def test_an_unprintable_tracking_code_is_refused_with_the_service_s_message(
    warehouse: Client,
) -> None:
    order = waiting_order()
    response = warehouse.post(
        ship_url(order), {"carrier": "Posti", "tracking_code": "JJFI\u200b1"}, **EN
    )
    assert response.status_code == 400
    assert "The tracking code has characters that cannot be printed." in response.content.decode()


def test_shipping_twice_is_refused_with_a_message(warehouse: Client) -> None:
    order = waiting_order()
    data = {"carrier": "Posti", "tracking_code": "JJFI1"}
    warehouse.post(ship_url(order), data)

    response = warehouse.post(ship_url(order), data, **EN)

    assert response.status_code == 400
    assert "This delivery has already been marked as shipped." in response.content.decode()


def test_an_unknown_shipment_is_not_found(warehouse: Client) -> None:
    url = reverse("staff:orders_shipment_ship", args=[999_999])
    assert warehouse.post(url, {"carrier": "Posti", "tracking_code": "J1"}).status_code == 404


def test_marking_is_a_post_with_a_csrf_token(make_staff) -> None:
    order = waiting_order()
    client = Client(enforce_csrf_checks=True)
    sign_in_staff(client, make_staff(Role.WAREHOUSE))
    assert client.get(ship_url(order)).status_code == 405
    assert client.post(ship_url(order), {"carrier": "P", "tracking_code": "J"}).status_code == 403
    assert Shipment.objects.get(pk=order.shipment.pk).status == ShipmentStatus.WAITING


def test_opening_the_page_is_audited(warehouse: Client) -> None:
    waiting_order()
    warehouse.get(PICK_LIST)
    assert AuditEvent.objects.filter(action="orders.pick_list.read").count() == 1


def test_a_thousand_open_shipments_in_a_constant_number_of_queries(
    warehouse: Client, django_assert_max_num_queries
) -> None:
    """The oldest page of a long backlog, in a fixed number of queries (the speed is
    measured in bench/shop.py)."""
    many_waiting_orders(1000)
    warehouse.get(PICK_LIST)  # the audit chain's first event is made once

    with django_assert_max_num_queries(13):
        response = warehouse.get(PICK_LIST, **EN)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('name="tracking_code"') == PICK_LIST_PAGE
    assert "1000 orders waiting" in page


def test_the_shipped_page_lists_shipments_on_their_way(warehouse: Client) -> None:
    order = shipped_order()
    page = warehouse.get(SHIPPED, **EN).content.decode()
    assert str(order.number) in page
    assert "JJFI64123450000012345" in page
    assert deliver_url(order) in page
    assert "Pallokuja" not in page


def test_marking_delivered_today_from_the_page(warehouse: Client) -> None:
    order = shipped_order()

    response = warehouse.post(deliver_url(order), {"delivered_on": ""})

    assert response.status_code == 303
    assert response["Location"] == SHIPPED
    shipment = Shipment.objects.get(pk=order.shipment.pk)
    assert shipment.status == ShipmentStatus.DELIVERED
    assert timezone.localdate(shipment.delivered_at) == timezone.localdate()
    assert Order.objects.get(pk=order.pk).status == OrderStatus.DELIVERED


def test_marking_delivered_on_an_earlier_day(warehouse: Client) -> None:
    order = shipped_order()
    three_days_ago = timezone.now() - datetime.timedelta(days=3)
    Shipment.objects.filter(pk=order.shipment.pk).update(shipped_at=three_days_ago)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = warehouse.post(deliver_url(order), {"delivered_on": yesterday.isoformat()})

    assert response.status_code == 303
    shipment = Shipment.objects.get(pk=order.shipment.pk)
    assert timezone.localdate(shipment.delivered_at) == yesterday


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-13-45", "Enter a valid date."),
        ("tomorrow", "Enter a valid date."),
        ("FUTURE", "The delivery time cannot be in the future."),
        ("BEFORE", "The goods cannot arrive before they were shipped."),
    ],
)
def test_a_bad_delivery_day_is_refused_with_a_message(
    warehouse: Client, value: str, message: str
) -> None:
    order = shipped_order()
    today = timezone.localdate()
    value = {
        "FUTURE": (today + datetime.timedelta(days=2)).isoformat(),
        "BEFORE": (today - datetime.timedelta(days=5)).isoformat(),
    }.get(value, value)

    response = warehouse.post(deliver_url(order), {"delivered_on": value}, **EN)

    assert response.status_code == 400
    page = response.content.decode()
    assert "The shipment was not marked as delivered" in page
    assert message in page
    assert Shipment.objects.get(pk=order.shipment.pk).status == ShipmentStatus.SHIPPED

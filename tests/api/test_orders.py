"""A customer's orders through the API: the fields each role may read, the customer's own
orders only, and one audit event per person read."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rekisteri.access.policy import readable_fields
from rekisteri.access.roles import Role
from rekisteri.api.policy import CLIENT_ROLES, api_operations
from rekisteri.audit.models import AuditEvent
from rekisteri.orders.models import Order, OrderLine
from tests.api.conftest import Caller, assert_json_error
from tests.orders.factories import make_customer, make_order

pytestmark = pytest.mark.django_db

ApiAs = Callable[..., Caller]


def _roles(operation_id: str) -> frozenset[Role]:
    (operation,) = [op for op in api_operations() if op.operation_id == operation_id]
    return operation.roles


READERS = sorted(_roles("customer_orders"))


def _expected_keys(role: Role) -> set[str]:
    keys = {"public_id", *readable_fields([role], Order)}
    if readable_fields([role], OrderLine):
        keys.add("lines")
    return keys


@pytest.mark.parametrize("role", READERS)
def test_orders_have_exactly_the_fields_the_role_may_read(api_as: ApiAs, role: Role) -> None:
    order = make_order()
    customer = order.customer
    assert customer is not None

    listed = api_as(role).get(f"/customers/{customer.public_id}/orders").json()
    one = api_as(role).get(f"/customers/{customer.public_id}/orders/{order.public_id}").json()

    assert [row["public_id"] for row in listed] == [str(order.public_id)]
    assert set(listed[0]) == _expected_keys(role)
    assert set(one) == _expected_keys(role)
    assert set(one["lines"][0]) == set(readable_fields([role], OrderLine))


def test_credit_control_sees_amounts_but_not_the_delivery_address(api_as: ApiAs) -> None:
    order = make_order()

    body = (
        api_as(Role.CREDIT_CONTROL)
        .get(
            f"/customers/{order.customer.public_id}/orders/{order.public_id}"  # type: ignore[union-attr]
        )
        .json()
    )

    assert body["total_cents"] == order.total_cents
    assert body["customer"] == str(order.customer.public_id)  # type: ignore[union-attr]
    assert "delivery_street_address" not in body
    assert "language" not in body
    assert [line["product_code"] for line in body["lines"]] == [
        "foliopallo-sydan",
        "heliumpullo-pieni",
    ]


@pytest.mark.parametrize("role", sorted(CLIENT_ROLES - _roles("customer_orders")))
def test_other_roles_get_403(api_as: ApiAs, role: Role) -> None:
    order = make_order()
    response = api_as(role).get(f"/customers/{order.customer.public_id}/orders")  # type: ignore[union-attr]
    assert_json_error(response, 403)
    assert not AuditEvent.objects.filter(action="order.read").exists()


def test_another_customers_order_is_not_found(api_as: ApiAs) -> None:
    mine = make_order()
    theirs = make_order(customer=make_customer())
    caller = api_as(Role.CUSTOMER_SERVICE)

    response = caller.get(
        f"/customers/{mine.customer.public_id}/orders/{theirs.public_id}"  # type: ignore[union-attr]
    )

    assert_json_error(response, 404)
    assert not AuditEvent.objects.filter(action="order.read").exists()


def test_reading_orders_is_one_audit_event_for_the_person(api_as: ApiAs) -> None:
    first = make_order()
    customer = first.customer
    assert customer is not None
    make_order(customer=customer)
    make_order(customer=make_customer())

    rows = (
        api_as(Role.WAREHOUSE, Role.CREDIT_CONTROL)
        .get(f"/customers/{customer.public_id}/orders")
        .json()
    )

    assert len(rows) == 2
    event = AuditEvent.objects.get(action="order.read")
    assert event.subject == str(customer.public_id)
    assert event.detail == {"orders": 2}
    assert "user.behavior.purchase_history" in event.categories
    # The warehouse's role adds the delivery address: its categories are named too.
    assert "user.contact.address.street" in event.categories
    assert "delivery_street_address" in rows[0]


def test_an_order_never_placed_is_not_listed(api_as: ApiAs) -> None:
    order = make_order()
    Order.objects.filter(pk=order.pk).update(number=None)

    rows = (
        api_as(Role.CUSTOMER_SERVICE)
        .get(
            f"/customers/{order.customer.public_id}/orders"  # type: ignore[union-attr]
        )
        .json()
    )

    assert rows == []
    assert not AuditEvent.objects.filter(action="order.read").exists()


def test_credit_control_reads_orders_to_manage_credit(api_as: ApiAs) -> None:
    order = make_order()
    api_as(Role.CREDIT_CONTROL).get(f"/customers/{order.customer.public_id}/orders")  # type: ignore[union-attr]
    assert AuditEvent.objects.get(action="order.read").purpose == (
        "essential.service.payment_processing.credit"
    )

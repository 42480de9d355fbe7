"""The withdrawal pages: a signed-in customer's own order, a guest's signed link, and customer
service's returns page."""

from __future__ import annotations

import datetime
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from rekisteri.access.roles import Role
from rekisteri.audit.models import AuditEvent
from rekisteri.orders.links import order_token
from rekisteri.orders.models import NoticeChannel, Order, Return, ReturnStatus
from rekisteri.orders.returns import withdrawal_deadline
from tests.fixtures.staff import sign_in_staff
from tests.orders.factories import delivered_order, make_customer, shipped_order

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
RETURNS = reverse("staff:orders_returns")
NOTICE = reverse("staff:orders_return_notify")


def long_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def withdraw_url(order: Order) -> str:
    return reverse("orders:withdraw", args=[order.public_id])


def receipt_url(order: Order) -> str:
    return reverse("orders:withdraw_done", args=[order.public_id])


def guest_url(token: str) -> str:
    return reverse("orders:guest_withdraw", args=[token])


def english_date(day: datetime.date) -> str:
    with translation.override("en"):
        return formats.date_format(day, "DATE_FORMAT")


@pytest.fixture
def owner(client: Client) -> tuple[Client, Order]:
    """A signed-in customer and their delivered order."""
    customer = make_customer(with_account=True)
    order = delivered_order(customer=customer, delivered_at=long_ago(3))
    client.force_login(customer.user)
    return client, order


# A signed-in customer.


def test_the_owner_sees_the_order_number_and_the_deadline(owner: tuple[Client, Order]) -> None:
    client, order = owner
    deadline = withdrawal_deadline(timezone.localdate(order.shipment.delivered_at))

    response = client.get(withdraw_url(order), **EN)

    assert response.status_code == 200
    page = response.content.decode()
    assert f"Order {order.number}" in page
    assert english_date(deadline) in page
    assert 'method="post"' in page and "csrfmiddlewaretoken" in page


def test_the_owner_withdraws_and_gets_a_receipt(owner: tuple[Client, Order]) -> None:
    client, order = owner

    response = client.post(withdraw_url(order), **EN)

    assert response.status_code == 303
    assert response["Location"] == receipt_url(order)
    notice = Return.objects.get(order=order)
    assert (notice.notice_channel, notice.status) == (NoticeChannel.CUSTOMER, ReturnStatus.NOTIFIED)
    receipt = client.get(receipt_url(order), **EN).content.decode()
    assert "Your withdrawal has been recorded" in receipt
    assert str(order.number) in receipt
    assert "Send the goods back to us within 14 days" in receipt
    refund_by = english_date(notice.notified_on + datetime.timedelta(days=14))
    assert f"We refund the purchase price by {refund_by}" in receipt


def test_withdrawing_twice_is_refused_with_a_message(owner: tuple[Client, Order]) -> None:
    client, order = owner
    client.post(withdraw_url(order))

    response = client.post(withdraw_url(order), **EN)

    assert response.status_code == 400
    page = response.content.decode()
    assert "has already been given" in page
    assert receipt_url(order) in page
    assert Return.objects.filter(order=order).count() == 1


def test_after_the_deadline_the_page_says_so_with_400(client: Client) -> None:
    customer = make_customer(with_account=True)
    # Delivered on a Tuesday, so day 14 is a working day and day 15 is past it.
    tuesday = timezone.localdate() - datetime.timedelta(days=30)
    while tuesday.weekday() != 1:
        tuesday -= datetime.timedelta(days=1)
    order = delivered_order(
        customer=customer,
        delivered_at=timezone.make_aware(datetime.datetime.combine(tuesday, datetime.time(12))),
    )
    client.force_login(customer.user)

    shown = client.get(withdraw_url(order), **EN)
    posted = client.post(withdraw_url(order), **EN)

    for response in (shown, posted):
        assert response.status_code == 400
        page = response.content.decode()
        assert "The withdrawal period of this purchase ended on" in page
        assert english_date(withdrawal_deadline(tuesday)) in page
        assert 'type="submit">Withdraw' not in page
    assert not Return.objects.exists()


def test_before_the_delivery_the_page_says_so_with_400(client: Client) -> None:
    customer = make_customer(with_account=True)
    order = shipped_order(customer=customer)
    client.force_login(customer.user)

    response = client.post(withdraw_url(order), **EN)

    assert response.status_code == 400
    assert "have not been delivered yet" in response.content.decode()


def test_another_customer_gets_404(client: Client) -> None:
    order = delivered_order(customer=make_customer(with_account=True))
    stranger = make_customer(with_account=True)
    client.force_login(stranger.user)

    assert client.get(withdraw_url(order)).status_code == 404
    assert client.post(withdraw_url(order)).status_code == 404
    assert client.get(receipt_url(order)).status_code == 404
    assert not Return.objects.exists()


def test_an_unknown_order_gets_404(owner: tuple[Client, Order]) -> None:
    client, _order = owner
    url = reverse("orders:withdraw", args=["6b1d5c1e-2e2f-4a57-9d43-5f1f5f7b2c11"])
    assert client.get(url).status_code == 404


def test_a_receipt_without_a_notice_is_404(owner: tuple[Client, Order]) -> None:
    client, order = owner
    assert client.get(receipt_url(order)).status_code == 404


def test_a_visitor_is_sent_to_the_customer_sign_in(client: Client) -> None:
    order = delivered_order(customer=make_customer(with_account=True))
    response = client.get(withdraw_url(order))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_a_staff_account_is_not_a_customer(client: Client, make_staff) -> None:
    order = delivered_order(customer=make_customer(with_account=True))
    sign_in_staff(client, make_staff(Role.CUSTOMER_SERVICE))
    assert client.get(withdraw_url(order)).status_code == 403


def test_the_withdrawal_needs_the_csrf_token() -> None:
    customer = make_customer(with_account=True)
    order = delivered_order(customer=customer)
    client = Client(enforce_csrf_checks=True)
    client.force_login(customer.user)
    assert client.post(withdraw_url(order)).status_code == 403
    assert not Return.objects.exists()


# A guest with the link from the order email.


def test_a_guest_withdraws_through_the_signed_link(client: Client) -> None:
    order = delivered_order(delivered_at=long_ago(2))
    token = order_token(order)

    page = client.get(guest_url(token), **EN)
    response = client.post(guest_url(token), **EN)

    assert page.status_code == 200
    assert f"Order {order.number}" in page.content.decode()
    assert response.status_code == 303
    receipt = reverse("orders:guest_withdraw_done", args=[token])
    assert response["Location"] == receipt
    assert Return.objects.get(order=order).notice_channel == NoticeChannel.ORDER_LINK
    assert "Your withdrawal has been recorded" in client.get(receipt, **EN).content.decode()


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        "ImFiYyI:1tQ3zW:forgedforgedforgedforgedforgedforgedforged",
    ],
)
def test_a_forged_link_is_404(client: Client, token: str) -> None:
    delivered_order()
    assert client.get(guest_url(token)).status_code == 404
    assert client.post(guest_url(token)).status_code == 404
    assert client.get(reverse("orders:guest_withdraw_done", args=[token])).status_code == 404
    assert not Return.objects.exists()


def test_a_tampered_link_is_404(client: Client) -> None:
    token = order_token(delivered_order())
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.post(guest_url(tampered)).status_code == 404
    assert not Return.objects.exists()


def test_an_expired_link_is_404(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    order = delivered_order()
    half_a_year_ago = time.time() - 181 * 24 * 60 * 60
    with monkeypatch.context() as patched:
        patched.setattr(time, "time", lambda: half_a_year_ago)
        token = order_token(order)

    assert client.get(guest_url(token)).status_code == 404
    assert client.post(guest_url(token)).status_code == 404
    assert not Return.objects.exists()


def test_a_guest_after_the_deadline_gets_400(client: Client) -> None:
    order = delivered_order(delivered_at=long_ago(40))
    response = client.post(guest_url(order_token(order)), **EN)
    assert response.status_code == 400
    assert "The withdrawal period of this purchase ended on" in response.content.decode()


# Customer service.


@pytest.fixture
def service(client: Client, make_staff) -> Client:
    sign_in_staff(client, make_staff(Role.CUSTOMER_SERVICE))
    return client


def test_customer_service_lists_the_returns_and_the_read_is_audited(service: Client) -> None:
    order = delivered_order(delivered_at=long_ago(3))
    service_notice = Return.objects.create(
        order=order,
        notice_channel=NoticeChannel.CUSTOMER,
        notified_on=timezone.localdate(),
    )

    page = service.get(RETURNS, **EN).content.decode()

    assert str(order.number) in page
    due = service_notice.notified_on + datetime.timedelta(days=14)
    with translation.override("en"):
        assert formats.date_format(due, "SHORT_DATE_FORMAT") in page
    assert reverse("staff:orders_return_refund", args=[service_notice.pk]) in page
    assert reverse("staff:orders_return_receive", args=[service_notice.pk]) in page
    event = AuditEvent.objects.get(action="orders.returns.read")
    assert event.subject == str(order.customer.public_id)
    assert event.detail == {"return": service_notice.pk, "order": order.pk}


@pytest.mark.parametrize("role", [Role.WAREHOUSE, Role.MARKETING, Role.CREDIT_CONTROL])
def test_other_roles_get_403_on_the_returns_pages(client: Client, make_staff, role: Role) -> None:
    order = delivered_order()
    sign_in_staff(client, make_staff(role))
    assert client.get(RETURNS).status_code == 403
    data = {"order_number": order.number, "notified_on": timezone.localdate().isoformat()}
    assert client.post(NOTICE, data).status_code == 403
    assert not Return.objects.exists()


def test_customer_service_records_a_notice_by_phone(service: Client) -> None:
    order = delivered_order(delivered_at=long_ago(5))
    called_on = timezone.localdate() - datetime.timedelta(days=1)

    response = service.post(
        NOTICE, {"order_number": order.number, "notified_on": called_on.isoformat()}, **EN
    )

    assert response.status_code == 303
    assert response["Location"] == RETURNS
    notice = Return.objects.get(order=order)
    assert (notice.notice_channel, notice.notified_on) == (
        NoticeChannel.CUSTOMER_SERVICE,
        called_on,
    )
    page = service.get(RETURNS, **EN).content.decode()
    assert f"The notice of withdrawal from order {order.number} has been recorded." in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"order_number": "999999"}, "There is no order with this number."),
        ({"order_number": "kymmenen"}, "Enter a whole number."),
        ({"order_number": "-3"}, "Ensure this value is greater than or equal to 1."),
        ({"notified_on": "31.2.2026x"}, "Enter a valid date."),
        ({"notified_on": ""}, "This field is required."),
        ({"notified_on": "FUTURE"}, "The date of the notice cannot be in the future."),
        ({"notified_on": "LONG_AGO"}, "The withdrawal period of this purchase ended on"),
    ],
)
def test_a_bad_notice_is_refused_with_a_message(
    service: Client, data: dict[str, str], message: str
) -> None:
    order = delivered_order(delivered_at=long_ago(5))
    values = {"order_number": str(order.number), "notified_on": timezone.localdate().isoformat()}
    values.update(data)
    replacements = {
        "FUTURE": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
        "LONG_AGO": timezone.localdate().isoformat(),
    }
    values["notified_on"] = replacements.get(values["notified_on"], values["notified_on"])
    if data.get("notified_on") == "LONG_AGO":
        order = delivered_order(delivered_at=long_ago(40))
        values["order_number"] = str(order.number)

    response = service.post(NOTICE, values, **EN)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Return.objects.exists()


def test_a_notice_for_an_order_already_withdrawn_is_refused(service: Client) -> None:
    order = delivered_order(delivered_at=long_ago(5))
    data = {"order_number": order.number, "notified_on": timezone.localdate().isoformat()}
    service.post(NOTICE, data)
    response = service.post(NOTICE, data, **EN)
    assert response.status_code == 400
    assert "has already been given" in response.content.decode()


def test_customer_service_marks_the_goods_received(service: Client) -> None:
    order = delivered_order(delivered_at=long_ago(5))
    notice = Return.objects.create(
        order=order, notice_channel=NoticeChannel.CUSTOMER, notified_on=timezone.localdate()
    )
    url = reverse("staff:orders_return_receive", args=[notice.pk])

    response = service.post(url, {"received_on": timezone.localdate().isoformat()})

    assert response.status_code == 303
    notice.refresh_from_db()
    assert notice.status == ReturnStatus.RECEIVED


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "This field is required."),
        ("eilen", "Enter a valid date."),
        ("FUTURE", "The goods cannot have arrived in the future."),
    ],
)
def test_a_bad_received_date_is_refused_with_a_message(
    service: Client, value: str, message: str
) -> None:
    order = delivered_order(delivered_at=long_ago(5))
    notice = Return.objects.create(
        order=order, notice_channel=NoticeChannel.CUSTOMER, notified_on=timezone.localdate()
    )
    if value == "FUTURE":
        value = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()

    response = service.post(
        reverse("staff:orders_return_receive", args=[notice.pk]), {"received_on": value}, **EN
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "The return was not changed" in page
    assert message in page
    notice.refresh_from_db()
    assert notice.status == ReturnStatus.NOTIFIED


def test_an_unknown_return_is_404(service: Client) -> None:
    url = reverse("staff:orders_return_receive", args=[999_999])
    assert service.post(url, {"received_on": timezone.localdate().isoformat()}).status_code == 404
    assert service.post(reverse("staff:orders_return_refund", args=[999_999])).status_code == 404

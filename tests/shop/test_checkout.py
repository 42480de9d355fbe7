"""The cart and the checkout, end to end through the Paytrail simulator over real HTTP."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from rekisteri.audit.models import AuditEvent
from rekisteri.consents.models import ChangeSource, ConsentRecord, MarketingChannel
from rekisteri.consents.services import permission_text_publish
from rekisteri.customers.models import Channel, Customer
from rekisteri.orders.models import Order, OrderStatus, ShipmentStatus
from rekisteri.payments.models import Payment, PaymentStatus
from rekisteri.privacy.models import Disclosure
from rekisteri.shop.models import Product
from tests.shop.conftest import SYSTEM

pytestmark = pytest.mark.django_db

GUEST = {
    "first_name": "Aino",
    "last_name": "Ilmanen",
    "email": "Aino.Ilmanen@example.fi",
    "street_address": "Pallotie 5 A 1",
    "postal_code": "00100",
    "city": "Helsinki",
    "country": "FI",
    "phone": "+358 40 765 4321",
    "payment_method": "paytrail",
}


def _add(client: Client, product: Product, quantity: int = 1) -> None:
    response = client.post(reverse("shop:cart_add"), {"product": product.pk, "quantity": quantity})
    assert response.status_code == 303


def _checkout(client: Client, **changes: str) -> object:
    return client.post(reverse("shop:checkout"), {**GUEST, **changes})


def _return_path(redirect_url: str) -> str:
    """The shop's own path and query of a URL the simulator redirected the browser to."""
    parts = urllib.parse.urlsplit(redirect_url)
    return f"{parts.path}?{parts.query}"


@pytest.fixture
def product(make_product: Callable[..., Product]) -> Product:
    return make_product(price_cents=1290, stock=5)


def test_a_guest_orders_and_pays_without_an_account(
    client, product, paytrail_simulator, django_capture_on_commit_callbacks
):
    _add(client, product, 2)
    response = _checkout(client)
    assert response.status_code == 303
    order = Order.objects.get()
    assert response["Location"] == Payment.objects.get(order=order).href
    assert response["Location"].startswith(paytrail_simulator.url)
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert order.total_cents == 2580
    assert order.customer is not None
    assert order.customer.channel == Channel.CHECKOUT
    assert order.customer.user is None
    assert order.customer.email == "aino.ilmanen@example.fi"
    product.refresh_from_db()
    assert product.stock == 3

    redirect_url = paytrail_simulator.pay(Payment.objects.get(order=order).transaction_id)
    with django_capture_on_commit_callbacks(execute=True):
        back = client.get(_return_path(redirect_url))
    assert back.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.shipment.status == ShipmentStatus.WAITING
    page = client.get(back["Location"])
    assert page.status_code == 200
    assert str(order.number) in page.content.decode()
    assert len(mail.outbox) == 1
    assert str(order.number) in mail.outbox[0].subject
    assert mail.outbox[0].to == ["aino.ilmanen@example.fi"]


def test_paytrail_receives_exactly_the_s15_fields(client, product, paytrail_simulator):
    _add(client, product)
    _checkout(client)
    (created,) = [r for r in paytrail_simulator.store.requests if r.path == "/payments"]
    body = created.body
    assert set(body["customer"]) == {"email", "firstName", "lastName", "phone"}
    assert set(body) == {
        "stamp",
        "reference",
        "amount",
        "currency",
        "language",
        "items",
        "customer",
        "deliveryAddress",
        "invoicingAddress",
        "redirectUrls",
        "callbackUrls",
    }
    assert set(body["deliveryAddress"]) == {"streetAddress", "postalCode", "city", "country"}
    assert set(body["items"][0]) == {"unitPrice", "units", "vatPercentage", "productCode"}
    assert body["amount"] == sum(i["unitPrice"] * i["units"] for i in body["items"])


def test_without_a_phone_the_customer_object_has_no_phone(client, product, paytrail_simulator):
    _add(client, product)
    _checkout(client, phone="")
    (created,) = [r for r in paytrail_simulator.store.requests if r.path == "/payments"]
    assert set(created.body["customer"]) == {"email", "firstName", "lastName"}


def test_each_payment_creation_is_in_the_disclosure_log(client, product, paytrail_simulator):
    _add(client, product)
    _checkout(client)
    disclosure = Disclosure.objects.get()
    order = Order.objects.get()
    assert disclosure.customer == order.customer
    assert disclosure.recipient == "Paytrail Oyj"
    assert disclosure.recipient_country == "FI"
    assert "user.contact.email" in disclosure.categories
    assert disclosure.purpose == "essential.service.payment_processing"


def test_a_forged_return_changes_nothing_and_is_a_security_event(
    client, product, paytrail_simulator
):
    _add(client, product)
    _checkout(client)
    payment = Payment.objects.get()
    redirect_url = paytrail_simulator.pay(payment.transaction_id)
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(redirect_url).query))
    for tampered in (
        {**query, "checkout-amount": "1"},
        {**query, "signature": "0" * 64},
        {**query, "checkout-stamp": "someone-else"},
    ):
        response = client.get(reverse("payments:return_success"), tampered)
        assert response.status_code == 400
        callback = client.get(reverse("payments:callback_success"), tampered)
        assert callback.status_code == 400
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.NEW
    assert Order.objects.get().status == OrderStatus.AWAITING_PAYMENT
    assert AuditEvent.objects.filter(action="security.payment_return_rejected").count() == 6


def test_a_signed_return_with_a_different_amount_is_refused(client, product, paytrail_simulator):
    """Even correctly signed, a return must match our payment's amount."""
    from rekisteri.payments.paytrail.signing import sign_params

    _add(client, product)
    _checkout(client)
    payment = Payment.objects.get()
    redirect_url = paytrail_simulator.pay(payment.transaction_id)
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(redirect_url).query))
    query.pop("signature")
    resigned = sign_params({**query, "checkout-amount": "100"}, "SAIPPUAKAUPPIAS")
    assert client.get(reverse("payments:callback_success"), resigned).status_code == 400
    assert Order.objects.get().status == OrderStatus.AWAITING_PAYMENT


def test_repeated_callbacks_are_idempotent(
    client, product, paytrail_simulator, django_capture_on_commit_callbacks
):
    _add(client, product)
    _checkout(client)
    payment = Payment.objects.get()
    query = urllib.parse.urlsplit(paytrail_simulator.pay(payment.transaction_id)).query
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get(reverse("payments:callback_success") + "?" + query)
        assert response.status_code == 200
    assert AuditEvent.objects.filter(action="order.paid").count() == 1
    assert Order.objects.get().status == OrderStatus.PAID
    assert len(mail.outbox) == 1


def test_a_cancelled_payment_leaves_the_order_waiting(client, product, paytrail_simulator):
    _add(client, product)
    _checkout(client)
    payment = Payment.objects.get()
    back = client.get(_return_path(paytrail_simulator.cancel(payment.transaction_id)))
    assert back.status_code == 302
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAIL
    order = Order.objects.get()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    # The guest may try again from the order page.
    page = client.get(back["Location"])
    assert "Pay now" in page.content.decode() or "Maksa nyt" in page.content.decode()


@pytest.mark.parametrize("fault", ["timeout", "error"])
def test_a_payment_service_failure_keeps_the_order_and_tells_the_customer(
    client, product, paytrail_simulator, settings, fault
):
    settings.PAYTRAIL_TIMEOUT = 0.5
    paytrail_simulator.faults.create = fault
    paytrail_simulator.faults.stall_seconds = 2
    _add(client, product)
    response = _checkout(client)
    assert response.status_code == 303
    order = Order.objects.get()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert Payment.objects.get().status == PaymentStatus.NOT_STARTED
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert str(order.number) in page.content.decode()
    assert AuditEvent.objects.filter(action="payment.create_failed").exists()


def test_prices_come_from_the_catalogue_never_from_the_form(client, product, paytrail_simulator):
    _add(client, product)
    _checkout(client, price_cents="1", total_cents="1", unit_price="1")
    assert Order.objects.get().total_cents == 1290


@pytest.mark.parametrize(
    "posted",
    [
        {"product": "999999", "quantity": "1"},
        {"product": "abc", "quantity": "1"},
        {"quantity": "1"},
    ],
)
def test_tampered_product_ids_are_refused(client, product, posted):
    response = client.post(reverse("shop:cart_add"), posted)
    assert response.status_code == 400
    assert client.get(reverse("shop:cart")).context["rows"] == []


@pytest.mark.parametrize("quantity", ["0", "-1", "100", "1.5", "x"])
def test_tampered_quantities_are_refused(client, product, quantity):
    response = client.post(reverse("shop:cart_add"), {"product": product.pk, "quantity": quantity})
    assert response.status_code == 400


def test_quantities_in_the_cart_are_checked(client, product):
    _add(client, product)
    response = client.post(reverse("shop:cart"), {f"quantity-{product.pk}": "-3"})
    assert response.status_code == 400
    response = client.post(reverse("shop:cart"), {f"quantity-{product.pk}": "0"})
    assert response.status_code == 303
    assert client.get(reverse("shop:cart")).context["rows"] == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "not-an-address"),
        ("postal_code", "1234"),
        ("first_name", ""),
        ("street_address", "x" * 51),
        ("phone", "call me"),
        ("country", "US"),
        ("city", "Hel\x00sinki"),
        ("payment_method", "invoice"),
    ],
)
def test_bad_checkout_input_is_refused_and_nothing_is_saved(
    client, product, paytrail_simulator, field, value
):
    _add(client, product)
    response = _checkout(client, **{field: value})
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Order.objects.exists()
    assert not Customer.objects.exists()
    product.refresh_from_db()
    assert product.stock == 5


def test_an_order_for_more_than_is_left_is_refused(client, make_product, paytrail_simulator):
    product = make_product(stock=1)
    _add(client, product, 2)
    response = _checkout(client)
    assert response.status_code == 400
    assert "1" in str(response.context["form"].non_field_errors())
    assert not Order.objects.exists()
    product.refresh_from_db()
    assert product.stock == 1


def test_the_marketing_box_is_unticked_and_the_notice_is_linked(client, product):
    permission_text_publish(
        actor=SYSTEM,
        channel=MarketingChannel.EMAIL,
        language="fi",
        text="Haluan sähköpostia tarjouksista.",
    )
    _add(client, product)
    page = client.get(reverse("shop:checkout")).content.decode()
    assert 'name="marketing_permission"' in page
    assert "checked" not in page.split('name="marketing_permission"')[1].split(">")[0]
    assert reverse("privacy:register_description") in page


def test_a_ticked_box_records_the_permission_with_its_source(client, product, paytrail_simulator):
    text = permission_text_publish(
        actor=SYSTEM,
        channel=MarketingChannel.EMAIL,
        language="fi",
        text="Haluan sähköpostia tarjouksista.",
    )
    _add(client, product)
    _checkout(client, marketing_permission="on", marketing_text=str(text.pk))
    record = ConsentRecord.objects.get()
    assert record.source == ChangeSource.CHECKOUT
    assert record.text_version == text
    assert record.customer == Order.objects.get().customer


def test_a_guest_cannot_reach_an_account_holders_record(
    client, product, paytrail_simulator, django_user_model
):
    from rekisteri.customers.services import customer_create

    holder = customer_create(
        actor=SYSTEM, channel=Channel.REGISTRATION, email="aino.ilmanen@example.fi"
    )
    holder.user = django_user_model.objects.create_user("aino.ilmanen@example.fi", "x" * 14)
    holder.save()
    _add(client, product)
    _checkout(client)
    order = Order.objects.get()
    assert order.customer != holder
    assert order.customer is not None
    assert order.customer.user is None

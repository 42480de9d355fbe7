"""Orders are accounting vouchers (L20): erasing the person keeps the order's bookkeeping
fields and nothing that identifies them; the retention job removes the whole order once the
bookkeeping period is over."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from rekisteri.audit.actors import Actor
from rekisteri.customers.models import Channel, Customer
from rekisteri.customers.services import customer_create
from rekisteri.orders.models import Order, OrderLine, PaymentMethod
from rekisteri.orders.services import CartLine, Delivery, order_place
from rekisteri.privacy.erasure import ErasureReason
from rekisteri.privacy.services import retention_run, subject_erase, subject_export
from rekisteri.shop.models import Category, Product

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")


def _order(customer: Customer) -> Order:
    category = Category.objects.create(name="Pallot", slug="pallot")
    product = Product.objects.create(
        category=category,
        name="Hopeapallo",
        slug="hopeapallo",
        price_cents=990,
        vat_rate=Decimal("25.5"),
        stock=5,
    )
    return order_place(
        actor=SYSTEM,
        customer=customer,
        lines=[CartLine(product.pk, 2)],
        delivery=Delivery(
            "Veikko", "Vouchernen", "Kirjanpitäjänkatu 6", "20100", "Turku", "FI", "+358 50 111"
        ),
        payment_method=PaymentMethod.PAYTRAIL,
        language="fi",
    )


def test_erasure_keeps_the_voucher_without_the_person() -> None:
    customer = customer_create(
        actor=SYSTEM, channel=Channel.CHECKOUT, email="veikko@example.fi", first_name="Veikko"
    )
    order = _order(customer)
    subject_erase(actor=SYSTEM, customer=customer, reason=ErasureReason.REQUEST)
    order.refresh_from_db()
    assert order.customer is None
    assert order.delivery_first_name == order.delivery_last_name == ""
    assert order.delivery_street_address == order.delivery_phone == ""
    # What bookkeeping needs stays.
    assert order.number is not None
    assert order.payment_reference
    assert order.total_cents == 1980
    assert order.vat_cents == 402
    line = OrderLine.objects.get(order=order)
    assert (line.product_name, line.quantity, line.unit_price_cents) == ("Hopeapallo", 2, 990)


def test_the_access_package_lists_the_orders() -> None:
    customer = customer_create(actor=SYSTEM, channel=Channel.CHECKOUT, email="v@example.fi")
    order = _order(customer)
    package = subject_export(actor=SYSTEM, customer=customer)
    orders = next(s for s in package["subregisters"] if s["key"] == "orders")
    values = {f["name"]: f["value"] for record in orders["records"] for f in record["fields"]}
    assert str(order.number) in {str(v) for v in values.values()}


def test_the_retention_job_removes_orders_after_the_bookkeeping_period(settings) -> None:
    settings.REKISTERI_FINANCIAL_YEAR_END = "12-31"
    customer = customer_create(actor=SYSTEM, channel=Channel.CHECKOUT, email="v@example.fi")
    order = _order(customer)
    now = timezone.now()
    # Placed in a year whose six-year period ended: from 1.1.(Y + 7) on it may go.
    old = now.replace(year=now.year - 7, month=6, day=15)
    Order.objects.filter(pk=order.pk).update(placed_at=old)
    customer.last_active_at = now
    customer.save()
    recent = _order_again(customer)
    retention_run(actor=SYSTEM, now=now)
    assert not Order.objects.filter(pk=order.pk).exists()
    assert not OrderLine.objects.filter(order_id=order.pk).exists()
    assert Order.objects.filter(pk=recent.pk).exists()


def test_a_voucher_of_the_sixth_year_stays() -> None:
    customer = customer_create(actor=SYSTEM, channel=Channel.CHECKOUT, email="v@example.fi")
    order = _order(customer)
    now = timezone.now()
    Order.objects.filter(pk=order.pk).update(
        placed_at=now.replace(year=now.year - 6, month=1, day=2)
    )
    retention_run(actor=SYSTEM, now=now)
    assert Order.objects.filter(pk=order.pk).exists()


def _order_again(customer: Customer) -> Order:
    product = Product.objects.get()
    return order_place(
        actor=SYSTEM,
        customer=customer,
        lines=[CartLine(product.pk, 1)],
        delivery=Delivery("V", "V", "Katu 1", "20100", "Turku", "FI"),
        payment_method=PaymentMethod.PAYTRAIL,
        language="fi",
    )


def test_the_register_description_names_paytrail_and_its_invoice_providers() -> None:
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("register_description", "--lang", "en", stdout=out)
    text = out.getvalue()
    for name in ("Paytrail Oyj", "Klarna Bank AB", "Walley AB"):
        assert name in text
    assert "Accounting Act" in text

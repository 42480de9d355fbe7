"""A guest's purchase in a real browser: the product page, the cart, the checkout without an
account, the simulator's hosted payment page over real HTTP, the return to the order page
and the server callback. Every shop page is checked with axe-core."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rekisteri.orders.models import Order, OrderStatus
from rekisteri.shop.models import Category, Product
from tests.browser.accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_guest_buys_a_balloon_and_pays(live_server, page, paytrail_simulator, settings) -> None:
    settings.REKISTERI_SITE_URL = live_server.url  # Paytrail's return and callback come here
    category = Category.objects.create(name="Foliopallot", slug="foliopallot")
    Product.objects.create(
        category=category,
        name="Sydänpallo",
        slug="sydanpallo",
        price_cents=1290,
        vat_rate=Decimal("25.5"),
        stock=3,
    )
    problems: dict[str, list[str]] = {}

    def check(label: str) -> None:
        if found := serious_violations(page):
            problems[label] = found

    page.goto(f"{live_server.url}/kauppa/sydanpallo/")
    check("product")
    page.fill("#id_quantity", "2")
    page.locator("form.add-to-cart button").click()
    page.wait_for_load_state()
    assert "/kauppa/ostoskori/" in page.url
    check("cart")
    page.locator("a[href$='/kauppa/kassa/']").click()
    page.wait_for_load_state()
    check("checkout")
    assert not page.locator("#id_marketing_permission").count() or not page.is_checked(
        "#id_marketing_permission"
    )
    page.fill("#id_first_name", "Aino")
    page.fill("#id_last_name", "Ilmanen")
    page.fill("#id_email", "aino@example.fi")
    page.fill("#id_street_address", "Pallotie 5")
    page.fill("#id_postal_code", "00100")
    page.fill("#id_city", "Helsinki")
    page.locator("main form.stacked button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.startswith(paytrail_simulator.url)
    page.locator("input[name=provider]").first.check()
    page.locator("button.pay").click()
    page.wait_for_load_state()
    assert page.url.startswith(live_server.url)
    order = Order.objects.get()
    assert str(order.number) in page.content()
    check("order")
    paytrail_simulator.wait_for_callbacks(1)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.total_cents == 2580
    assert problems == {}

"""A customer's whole journey in a real browser: register (permissions unticked), confirm
the address, sign in, correct the address, give and withdraw email permission, download the
data, delete the account, and find that it cannot sign in any more. Every page on the way
is checked with axe-core."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core import mail

from rekisteri.consents.models import ConsentRecord
from rekisteri.customers.models import Customer
from tests.browser.accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "aino.ilmapallo@example.fi"
PASSWORD = "punainen-pallo-lentaa-2026"


from tests.consents.conftest import permission_texts  # noqa: E402, F401 - the first texts


def _submit(page) -> None:
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()


def test_the_whole_customer_journey(live_server, page, permission_texts, settings) -> None:  # noqa: F811
    settings.REKISTERI_SITE_URL = live_server.url  # links in mails point at this server
    problems: dict[str, list[str]] = {}

    def visit(path: str) -> None:
        page.goto(path if path.startswith("http") else f"{live_server.url}{path}")
        check(path)

    def check(label: str) -> None:
        found = serious_violations(page)
        if found:
            problems[label] = found

    # Register: every marketing permission starts unticked; the form links to the notice.
    visit("/rekisteroidy/")
    boxes = page.locator("input[type=checkbox][name^=marketing_]")
    assert boxes.count() == 3
    assert all(not boxes.nth(i).is_checked() for i in range(boxes.count()))
    assert page.locator("main a[href='/rekisteriseloste/']").count() >= 1
    page.fill("#id_first_name", "Aino")
    page.fill("#id_last_name", "Ilmapallo")
    page.fill("#id_email", EMAIL)
    page.fill("#id_password", PASSWORD)
    _submit(page)
    check("after registering")
    assert Customer.objects.get(email=EMAIL).channel == "registration"

    # Confirm the address from the mail.
    link = re.search(r"https?://\S+/vahvista-sahkoposti/\S+/", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    visit(link.group(0))
    _submit(page)
    check("email confirmed")

    # Sign in.
    visit("/kirjaudu/")
    page.fill("#id_username", EMAIL)
    page.fill("#id_password", PASSWORD)
    _submit(page)
    visit("/oma-tili/")

    # Correct the address.
    visit("/oma-tili/tiedot/")
    page.fill("#id_street_address", "Pallokuja 5")
    page.fill("#id_postal_code", "00100")
    page.fill("#id_city", "Helsinki")
    _submit(page)
    assert Customer.objects.get(email=EMAIL).street_address == "Pallokuja 5"

    # Give, then withdraw, the email permission: one step each.
    visit("/oma-tili/markkinointiluvat/")
    email_form = page.locator("form:has(input[name=channel][value=email])")
    email_form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    check("permission given")
    email_form = page.locator("form:has(input[name=channel][value=email])")
    email_form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    history = list(
        ConsentRecord.objects.filter(customer__email=EMAIL, channel="email")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert history[-2:] == ["granted", "withdrawn"]

    # My data, readable and as a download.
    visit("/oma-tili/tietoni/")
    assert "Pallokuja 5" in page.content()
    with page.expect_download() as download:
        page.locator("a[href$='tietoni.json']").click()
    package = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert EMAIL in json.dumps(package)
    visit("/oma-tili/kuka-on-katsonut/")

    # Delete the account; the same password no longer signs in.
    visit("/oma-tili/poista-tili/")
    page.fill("#id_password", PASSWORD)
    _submit(page)
    check("account deleted")
    assert not Customer.objects.filter(email=EMAIL).exists()
    visit("/kirjaudu/")
    page.fill("#id_username", EMAIL)
    page.fill("#id_password", PASSWORD)
    _submit(page)
    assert "/kirjaudu/" in page.url
    assert page.locator(".errorlist, [role=alert]").count() >= 1

    assert problems == {}

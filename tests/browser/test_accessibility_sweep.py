"""axe-core reports no serious or critical violation on any public or customer page."""

from __future__ import annotations

import pytest

from rekisteri.orders.models import Order
from tests.browser.accessibility import serious_violations
from tests.consents.conftest import permission_texts  # noqa: F401 - the first texts
from tests.contests.factories import open_contest
from tests.privacy.conftest import organisation  # noqa: F401 - the seed's organisation
from tests.privacy.subject_factories import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC = [
    "/rekisteriseloste/",
    "/rekisteroidy/",
    "/kirjaudu/",
    "/unohtunut-salasana/",
    "/palaute/",
    "/kilpailut/",
    "/henkilokunta/kirjaudu/",
    "/kauppa/",
    "/kauppa/ostoskori/",
]
CUSTOMER = [
    "/oma-tili/",
    "/oma-tili/tiedot/",
    "/oma-tili/sahkoposti/",
    "/oma-tili/salasana/",
    "/oma-tili/markkinointiluvat/",
    "/oma-tili/tietoni/",
    "/oma-tili/kuka-on-katsonut/",
    "/oma-tili/poista-tili/",
    "/tilaukset/",
    "/oma-tili/luotto/",
]


def test_no_serious_violation_on_any_page(
    live_server,
    browser,
    permission_texts,  # noqa: F811
    organisation,  # noqa: F811
) -> None:
    contest = open_contest()
    person = make_person()
    problems: dict[str, list[str]] = {}
    for language in ("fi", "sv", "en"):
        context = browser.new_context(locale=language)
        page = context.new_page()
        for path in [*PUBLIC, f"/kilpailut/{contest.pk}/"]:
            page.goto(f"{live_server.url}{path}")
            if found := serious_violations(page):
                problems[f"{language} {path}"] = found
        page.goto(f"{live_server.url}/kirjaudu/")
        page.fill("#id_username", person.email)
        page.fill("#id_password", "pallo-ilmari-2026-salasana")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        order = Order.objects.filter(customer=person).first()
        assert order is not None
        for path in [*CUSTOMER, f"/tilaukset/{order.public_id}/"]:
            page.goto(f"{live_server.url}{path}")
            assert "/kirjaudu/" not in page.url, path
            if found := serious_violations(page):
                problems[f"{language} {path}"] = found
        context.close()
    assert problems == {}

"""The register description in a real browser: readable, accessible, and in three languages."""

from __future__ import annotations

import pytest

from tests.browser.accessibility import serious_violations
from tests.privacy.conftest import organisation  # noqa: F401 - the seed's organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_anonymous_visitor_reads_the_description_and_switches_language(
    live_server,
    page,
    organisation,  # noqa: F811
) -> None:
    page.goto(f"{live_server.url}/rekisteriseloste/")
    assert page.locator("html").get_attribute("lang") == "fi"
    assert "Ilmapallokeskus Balloon Center Oy" in page.locator("#controller").inner_text()
    assert "Jonna Nieminen" in page.locator("#contact").inner_text()
    assert page.locator("section").count() >= 15
    assert serious_violations(page) == []

    page.select_option("#language-select", "en")
    page.get_by_role("button", name="Vaihda").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Register description and privacy notice"
    assert serious_violations(page) == []

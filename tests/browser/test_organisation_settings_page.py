"""The administrator corrects the organisation settings in a real browser."""

from __future__ import annotations

import pytest

from rekisteri.access.roles import Role
from rekisteri.accounts.models import User
from rekisteri.organisation.models import Organisation
from tests.browser.accessibility import serious_violations
from tests.fixtures.staff import enrol_staff
from tests.organisation.factories import valid_values
from tests.staff.signing_in import code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def _sign_in(page, live_server, email: str) -> None:
    """Both steps through the pages: the password, then a code from the authenticator."""
    enrol_staff(User.objects.get(email=email))
    page.goto(f"{live_server.url}/henkilokunta/kirjaudu/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state()
    assert "/henkilokunta/tunnistus/" in page.url
    page.fill("#id_code", code())
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state()


def test_a_wrong_check_digit_is_explained_next_to_the_field_and_nothing_is_saved(
    live_server, page, make_staff
) -> None:
    administrator = make_staff(Role.ADMINISTRATOR, password=PASSWORD)
    _sign_in(page, live_server, administrator.email)
    page.goto(f"{live_server.url}/henkilokunta/organisaatio/")
    assert serious_violations(page) == []

    for name, value in valid_values(business_id="2077474-1").items():
        page.fill(f"#id_{name}", value)
    page.select_option("#id_hours-0-first_day", "1")
    page.select_option("#id_hours-0-last_day", "5")
    page.fill("#id_hours-0-opens", "09:00")
    page.fill("#id_hours-0-closes", "17:00")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()

    error = page.locator("#id_business_id_error")
    assert "tarkistusnumero on väärä" in error.inner_text()  # Finnish, the default language
    assert page.locator("#id_business_id").get_attribute("aria-invalid") == "true"
    assert not Organisation.objects.exists()
    assert serious_violations(page) == []

    page.fill("#id_business_id", "0860817-6")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert Organisation.objects.get().business_id == "0860817-6"
    assert page.locator(".messages").count() == 1

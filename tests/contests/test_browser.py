"""A guest enters a contest and sends feedback in a real browser; both forms, also when
showing errors, have no serious accessibility violations."""

from __future__ import annotations

import pytest

from rekisteri.contests.models import ContestEntry
from rekisteri.feedback.models import Feedback
from tests.browser.accessibility import serious_violations
from tests.browser.conftest import browser, page  # noqa: F401 - the browser fixtures
from tests.contests.factories import email_permission_text, open_contest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_guest_enters_a_contest(live_server, page) -> None:  # noqa: F811
    # Other tests that empty the database take the migrations' permission texts with them.
    text = email_permission_text("fi")
    contest = open_contest(consent_based=True, question="Montako palloa mahtuu autoon?")
    page.goto(f"{live_server.url}/kilpailut/{contest.pk}/")
    assert serious_violations(page) == []
    assert not page.get_by_role("checkbox", name=text.text).is_checked()

    page.locator("form.stacked button").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    assert serious_violations(page) == []

    page.get_by_label("Montako palloa mahtuu autoon?").fill("Kolmesataa")
    page.locator("#id_name").fill("Liisa Lentäjä")
    page.locator("#id_email").fill("liisa@example.fi")
    page.locator("#id_age_confirmed").check()
    page.locator("form.stacked button").click()
    page.wait_for_load_state()

    assert page.url.endswith(f"/kilpailut/{contest.pk}/kiitos/")
    assert ContestEntry.objects.get().email == "liisa@example.fi"


def test_a_guest_sends_feedback_asking_for_a_reply(live_server, page) -> None:  # noqa: F811
    page.goto(f"{live_server.url}/palaute/")
    assert serious_violations(page) == []

    page.locator("#id_message").fill("Milloin tilaukseni tulee?")
    page.locator("#id_wants_reply").check()
    page.locator("form.stacked button").click()
    page.wait_for_load_state()
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    assert serious_violations(page) == []

    page.locator("#id_email").fill("kalle@example.fi")
    page.locator("form.stacked button").click()
    page.wait_for_load_state()

    assert page.url.endswith("/palaute/kiitos/")
    feedback = Feedback.objects.get()
    assert feedback.wants_reply
    assert feedback.customer is not None

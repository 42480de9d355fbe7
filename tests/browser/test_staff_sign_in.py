"""A new staff member's first day in a real browser: the invitation link, the password, the
authenticator taken into use, the recovery codes, the back office; then signing in again with
a code. Every page of the way passes axe-core."""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail

from rekisteri.access.roles import Role
from rekisteri.accounts.models import User
from rekisteri.audit.actors import Actor
from rekisteri.staff import totp
from rekisteri.staff.services import staff_invite
from tests.browser.accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and fresh passphrase 2026"


def _submit(page) -> None:
    page.click("main form.stacked button[type=submit]")
    page.wait_for_load_state()


def test_an_invited_person_enrols_and_signs_in_with_codes(live_server, page, make_staff) -> None:
    administrator = make_staff(Role.ADMINISTRATOR)
    staff_invite(
        actor=Actor.for_staff(administrator), email="uusi@example.test", roles=[Role.WAREHOUSE]
    )
    token = re.search(r"/henkilokunta/kutsu/([A-Za-z0-9_\-]+)/", mail.outbox[0].body)
    assert token is not None
    problems: dict[str, list[str]] = {}

    def check(name: str) -> None:
        if found := serious_violations(page):
            problems[name] = found

    page.goto(f"{live_server.url}/henkilokunta/kutsu/{token.group(1)}/")
    check("invitation")
    page.fill("#id_password", PASSWORD)
    _submit(page)
    assert page.url.endswith("/henkilokunta/kirjaudu/")

    page.fill("input[name=username]", "uusi@example.test")
    page.fill("input[name=password]", PASSWORD)
    _submit(page)
    assert "/henkilokunta/tunnistus/kayttoonotto/" in page.url
    check("enrolment")
    assert page.locator("figure.qr-code svg").count() == 1
    secret = totp.secret_from_base32(page.inner_text("#totp-secret"))
    page.fill("#id_code", totp.totp(secret, time.time()))
    _submit(page)
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    check("recovery codes")
    page.click("main a")
    page.wait_for_load_state()
    assert page.url.endswith("/henkilokunta/")
    check("back office")

    page.click("form.sign-out button")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/henkilokunta/")
    assert "/henkilokunta/kirjaudu/" in page.url
    page.fill("input[name=username]", "uusi@example.test")
    page.fill("input[name=password]", PASSWORD)
    _submit(page)
    assert "/henkilokunta/tunnistus/" in page.url
    check("code")
    page.fill("#id_code", codes[0])
    _submit(page)
    assert page.url.endswith("/henkilokunta/")
    assert (
        User.objects.get(email="uusi@example.test")
        .recovery_codes.filter(used_at__isnull=False)
        .count()
        == 1
    )
    assert problems == {}


def test_the_administrator_s_staff_account_pages_pass_axe(live_server, page, make_staff) -> None:
    from tests.fixtures.staff import enrol_staff
    from tests.staff.signing_in import code

    administrator = make_staff(Role.ADMINISTRATOR, password=PASSWORD)
    enrol_staff(administrator)
    page.goto(f"{live_server.url}/henkilokunta/kirjaudu/")
    page.fill("input[name=username]", administrator.email)
    page.fill("input[name=password]", PASSWORD)
    _submit(page)
    page.fill("#id_code", code())
    _submit(page)
    problems: dict[str, list[str]] = {}
    for path in [
        "/henkilokunta/kayttajat/",
        "/henkilokunta/kayttajat/uusi/",
        f"/henkilokunta/kayttajat/{administrator.public_id}/",
        "/henkilokunta/tunnistus/varakoodit/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert "/kirjaudu/" not in page.url and "/tunnistus/" not in page.url.replace(
            "/tunnistus/varakoodit/", ""
        ), path
        if found := serious_violations(page):
            problems[path] = found
    assert problems == {}

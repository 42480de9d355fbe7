"""The second sign-in step: enrolment on the first sign-in, codes right and wrong, reuse and
drift, recovery codes, throttling, and that nothing of the back office opens before it."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import translation

from rekisteri.access.roles import Role
from rekisteri.accounts.models import User
from rekisteri.audit.models import AuditEvent
from rekisteri.staff import sealing, totp
from rekisteri.staff.models import RecoveryCode, SecondFactorFailure, StaffSession, TotpDevice
from rekisteri.staff.second_factor import VERIFIED
from tests.fixtures.staff import TEST_TOTP_SECRET, enrol_staff, sign_in_staff
from tests.staff.signing_in import (
    CODE,
    ENROL,
    HOME,
    code,
    code_step,
    enrolment_secret,
    password_step,
    session_key,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolled(make_staff: Callable[..., User]) -> User:
    user = make_staff(Role.CUSTOMER_SERVICE)
    enrol_staff(user)
    return user


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("sequence"))


def _assert_nothing_personal(event: AuditEvent, user: User) -> None:
    text = repr(event.__dict__)
    assert user.email not in text
    assert event.subject in {"", str(user.public_id)}


# The password step.


def test_the_password_step_gives_a_new_session_key_and_leads_to_the_code_page(
    client: Client, enrolled: User
) -> None:
    before = client.session.session_key
    assert before is not None

    response = password_step(client, enrolled)

    assert response.status_code == 302
    after = session_key(client)
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert StaffSession.objects.filter(user=enrolled, session_key=after).exists()
    page = client.get(HOME)
    assert page.status_code == 302
    assert page["Location"].startswith(CODE)


@pytest.mark.parametrize(
    "url_name",
    ["staff:home", "staff:organisation", "staff:feedback_list", "staff:staff_accounts"],
)
def test_every_staff_page_waits_for_the_code(
    client: Client, make_staff: Callable[..., User], url_name: str
) -> None:
    user = make_staff(*Role)
    enrol_staff(user)
    password_step(client, user)

    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response["Location"] == f"{CODE}?next={reverse(url_name).replace('/', '%2F')}"
    assert client.post(reverse(url_name), {}).status_code == 302


def test_signing_out_works_before_the_code(client: Client, enrolled: User) -> None:
    password_step(client, enrolled)
    key = session_key(client)

    response = client.post(reverse("staff:logout"))

    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert not StaffSession.objects.filter(session_key=key).exists()


# The code step.


def test_the_right_code_opens_the_back_office_with_another_new_session_key(
    client: Client, enrolled: User
) -> None:
    password_step(client, enrolled)
    first = session_key(client)

    response = code_step(client, code())

    assert response.status_code == 303
    assert response["Location"] == HOME
    assert session_key(client) != first
    assert list(
        StaffSession.objects.filter(user=enrolled).values_list("session_key", flat=True)
    ) == [session_key(client)]
    assert client.get(HOME).status_code == 200
    [event] = _events("staff.second_factor_pass")
    assert event.detail == {"method": "totp"}
    _assert_nothing_personal(event, enrolled)


def test_the_code_page_returns_to_the_page_asked_for(client: Client, make_staff) -> None:
    user = make_staff(Role.ADMINISTRATOR)
    enrol_staff(user)
    password_step(client, user)
    wanted = reverse("staff:organisation")

    response = client.post(f"{CODE}?next={wanted}", {"code": code(), "next": wanted})

    assert response["Location"] == wanted


def test_an_outside_next_address_is_not_followed(client: Client, enrolled: User) -> None:
    password_step(client, enrolled)
    response = client.post(CODE, {"code": code(), "next": "https://evil.example/"})
    assert response["Location"] == HOME


def test_a_wrong_code_is_400_with_a_message_and_an_audit_event(
    client: Client, enrolled: User
) -> None:
    password_step(client, enrolled)
    wrong = "000000" if code() != "000000" else "111111"

    with translation.override("en"):
        response = code_step(client, wrong, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "The code is not right." in response.content.decode()
    assert VERIFIED not in client.session
    [event] = _events("staff.second_factor_failure")
    _assert_nothing_personal(event, enrolled)
    assert client.get(HOME).status_code == 302


@pytest.mark.parametrize("value", ["", "12", "x" * 41, "١٢٣٤٥٦", "<script>"])
def test_malformed_codes_get_400(client: Client, enrolled: User, value: str) -> None:
    password_step(client, enrolled)
    assert code_step(client, value).status_code == 400
    assert VERIFIED not in client.session


def test_a_code_cannot_be_used_twice(client: Client, enrolled: User) -> None:
    used = code()
    password_step(client, enrolled)
    assert code_step(client, used).status_code == 303

    other = Client()
    password_step(other, enrolled)
    assert code_step(other, used).status_code == 400
    assert VERIFIED not in other.session


def test_a_code_one_step_off_is_accepted(client: Client, enrolled: User) -> None:
    password_step(client, enrolled)
    assert code_step(client, code(-1)).status_code == 303


def test_a_code_two_steps_off_is_refused(client: Client, enrolled: User) -> None:
    password_step(client, enrolled)
    assert code_step(client, code(-3)).status_code == 400
    assert code_step(client, code(3)).status_code == 400


def test_five_wrong_codes_make_the_next_wait_even_a_right_one(
    client: Client, enrolled: User
) -> None:
    password_step(client, enrolled)
    wrong = "000000" if code() != "000000" else "111111"
    for _ in range(5):
        assert code_step(client, wrong).status_code == 400

    with translation.override("en"):
        response = code_step(client, code(), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 429
    assert "Too many wrong codes. Try again in" in response.content.decode()
    assert VERIFIED not in client.session
    [event] = _events("staff.second_factor_throttled")
    _assert_nothing_personal(event, enrolled)


def test_the_wait_ends_when_the_failures_leave_the_window(
    client: Client, enrolled: User, settings
) -> None:
    import datetime

    from django.utils import timezone

    password_step(client, enrolled)
    old = timezone.now() - datetime.timedelta(minutes=settings.REKISTERI_SIGN_IN_WINDOW_MINUTES + 1)
    SecondFactorFailure.objects.bulk_create(
        [SecondFactorFailure(user=enrolled, failed_at=old) for _ in range(5)]
    )
    assert code_step(client, code()).status_code == 303


# Recovery codes.


def test_a_recovery_code_signs_in_once(client: Client, enrolled: User) -> None:
    # The fixture's codes are not known: make new ones the way the page does.
    from rekisteri.audit.actors import Actor
    from rekisteri.staff.services import recovery_codes_renew

    [first, *_rest] = recovery_codes_renew(actor=Actor.for_staff(enrolled), user=enrolled)
    password_step(client, enrolled)

    with translation.override("en"):
        response = code_step(client, first.upper().replace("-", " "), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 303
    assert RecoveryCode.objects.filter(user=enrolled, used_at__isnull=True).count() == 9
    [event] = _events("staff.second_factor_pass")
    assert event.detail == {"method": "recovery_code"}

    other = Client()
    password_step(other, enrolled)
    assert code_step(other, first).status_code == 400


def test_recovery_codes_are_stored_only_as_hashes(enrolled: User) -> None:
    from rekisteri.audit.actors import Actor
    from rekisteri.staff.services import recovery_codes_renew

    codes = recovery_codes_renew(actor=Actor.for_staff(enrolled), user=enrolled)

    assert len(codes) == 10 and len(set(codes)) == 10
    stored = set(RecoveryCode.objects.filter(user=enrolled).values_list("code_hash", flat=True))
    assert len(stored) == 10
    assert not stored & set(codes)


def test_new_recovery_codes_from_the_page_replace_the_old(client: Client, enrolled: User) -> None:
    sign_in_staff(client, enrolled)
    old = set(RecoveryCode.objects.filter(user=enrolled).values_list("pk", flat=True))

    response = client.post(reverse("staff:recovery_codes"))

    assert response.status_code == 200
    shown = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", response.content.decode())
    assert len(shown) == 10
    assert not RecoveryCode.objects.filter(pk__in=old).exists()


# Enrolment on the first sign-in.


def test_the_first_sign_in_enrols_an_authenticator_and_shows_recovery_codes_once(
    client: Client, make_staff: Callable[..., User]
) -> None:
    user = make_staff(Role.WAREHOUSE)
    password_step(client, user)

    assert client.get(CODE)["Location"] == ENROL
    page = client.get(ENROL).content.decode()
    secret = enrolment_secret(page)
    assert f"secret={totp.base32_secret(secret)}" in page.replace("&amp;", "&")
    assert "otpauth://totp/" in page
    assert "<svg" in page
    assert enrolment_secret(client.get(ENROL).content.decode()) == secret  # same on reload
    before = session_key(client)

    response = client.post(ENROL, {"code": code(secret=secret)})

    assert response.status_code == 200
    shown = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", response.content.decode())
    assert len(shown) == 10
    assert session_key(client) != before
    assert client.get(HOME).status_code == 200
    device = TotpDevice.objects.get(user=user)
    assert sealing.unseal(device.sealed_secret) == secret
    assert totp.base32_secret(secret) not in device.sealed_secret
    # The secret is not shown again: the enrolment page now leads to the code page.
    again = client.get(ENROL)
    assert again.status_code == 303
    assert totp.base32_secret(secret) not in again.content.decode()
    assert len(_events("staff.totp_enrol")) == 1


def test_enrolment_with_a_wrong_code_is_400_and_saves_nothing(
    client: Client, make_staff: Callable[..., User]
) -> None:
    user = make_staff(Role.WAREHOUSE)
    password_step(client, user)
    secret = enrolment_secret(client.get(ENROL).content.decode())
    wrong = "000000" if code(secret=secret) != "000000" else "111111"

    assert client.post(ENROL, {"code": wrong}).status_code == 400
    assert client.post(ENROL, {"code": "abc"}).status_code == 400

    assert not TotpDevice.objects.filter(user=user).exists()
    assert not RecoveryCode.objects.filter(user=user).exists()
    assert client.get(HOME).status_code == 302
    assert len(_events("staff.totp_enrol_failure")) == 1


def test_an_enrolled_account_cannot_enrol_again(client: Client, enrolled: User) -> None:
    password_step(client, enrolled)
    response = client.get(ENROL)
    assert response.status_code == 303
    assert response["Location"] == CODE
    assert client.post(ENROL, {"code": code()}).status_code == 303
    assert sealing.unseal(TotpDevice.objects.get(user=enrolled).sealed_secret) == TEST_TOTP_SECRET


# Who the second step concerns.


def test_a_customer_s_pages_are_not_behind_the_code(client: Client, django_user_model) -> None:
    user = django_user_model.objects.create_user("asiakas@example.fi", "salasana-12345")
    client.force_login(user)  # a customer, not staff
    response = client.get(reverse("accounts:my_account"))
    assert not response.get("Location", "").startswith(CODE)


def test_a_customer_gets_403_on_the_code_pages(client: Client, django_user_model) -> None:
    user = django_user_model.objects.create_user("asiakas@example.fi", "salasana-12345")
    client.force_login(user)  # a customer, not staff
    assert client.get(CODE).status_code == 403
    assert client.get(ENROL).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in_from_the_code_page(client: Client, db) -> None:
    response = client.get(CODE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:login"))


def test_the_helper_used_by_every_test_passes_both_steps(client: Client, enrolled: User) -> None:
    sign_in_staff(client, enrolled)
    assert client.get(HOME).status_code == 200
    assert client.session[VERIFIED] == str(enrolled.public_id)

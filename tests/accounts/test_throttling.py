"""Sign-in throttling: after repeated failures on one account or from one address further
tries wait, the wait ends by itself, and an unknown address is treated exactly like a real
one."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from rekisteri.access.roles import Role
from rekisteri.accounts import services
from rekisteri.accounts.actors import customer_actor
from rekisteri.accounts.checks import check_sign_in_throttle, failures_per_hour_at_most
from rekisteri.accounts.models import SignInFailure
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from tests.accounts.conftest import Clock, Registered

pytestmark = pytest.mark.django_db

URL = reverse("accounts:sign_in")
WRONG = "certainly not the password"


def attempt(client: Client, email: str, password: str, address: str = "192.0.2.1") -> Any:
    return client.post(
        URL,
        {"username": email, "password": password},
        HTTP_ACCEPT_LANGUAGE="en",
        REMOTE_ADDR=address,
    )


def answer(response: Any) -> tuple[int, str]:
    """The status and the error text: what a guesser could compare."""
    match = re.search(
        r'<ul class="errorlist nonfield" id="signin-errors"[^>]*>(.*?)</ul>',
        response.content.decode(),
        re.S,
    )
    return response.status_code, match.group(1) if match else ""


def fail_on_account(client: Client, email: str, times: int) -> list[tuple[int, str]]:
    # A new client address each time: only the account's count grows.
    return [answer(attempt(client, email, WRONG, f"198.51.100.{i}")) for i in range(times)]


def test_after_the_limit_even_the_right_password_waits(
    client: Client, register: Callable[..., Registered]
) -> None:
    person = register()
    limit = settings.REKISTERI_SIGN_IN_ACCOUNT_FAILURES
    fail_on_account(client, person.email, limit)

    response = attempt(client, person.email, person.password, "203.0.113.9")

    assert response.status_code == 429
    assert "Too many failed sign-ins." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_below_the_limit_do_not_block(
    client: Client, register: Callable[..., Registered]
) -> None:
    person = register()
    fail_on_account(client, person.email, settings.REKISTERI_SIGN_IN_ACCOUNT_FAILURES - 1)

    assert attempt(client, person.email, person.password).status_code == 302


def test_an_unknown_address_gets_exactly_the_same_answers(
    client: Client, register: Callable[..., Registered]
) -> None:
    person = register()
    tries = settings.REKISTERI_SIGN_IN_ACCOUNT_FAILURES + 2

    real = fail_on_account(client, person.email, tries)
    unknown = fail_on_account(client, "nobody-here@example.fi", tries)

    assert real == unknown
    assert {status for status, _text in real} == {400, 429}


def test_the_wait_ends_by_itself(
    client: Client, register: Callable[..., Registered], clock: Clock
) -> None:
    person = register()
    fail_on_account(client, person.email, settings.REKISTERI_SIGN_IN_ACCOUNT_FAILURES)
    assert attempt(client, person.email, person.password).status_code == 429

    clock.advance(minutes=settings.REKISTERI_SIGN_IN_WINDOW_MINUTES, seconds=1)

    assert attempt(client, person.email, person.password).status_code == 302


def test_the_wait_is_told_in_minutes(
    client: Client, register: Callable[..., Registered], clock: Clock
) -> None:
    person = register()
    fail_on_account(client, person.email, settings.REKISTERI_SIGN_IN_ACCOUNT_FAILURES)
    clock.advance(minutes=settings.REKISTERI_SIGN_IN_WINDOW_MINUTES - 3)

    response = attempt(client, person.email, person.password)

    assert "Try again in 3 minutes." in response.content.decode()


def test_refused_tries_do_not_lengthen_the_wait(
    client: Client, register: Callable[..., Registered], clock: Clock
) -> None:
    person = register()
    fail_on_account(client, person.email, settings.REKISTERI_SIGN_IN_ACCOUNT_FAILURES)
    before = SignInFailure.objects.count()

    for _ in range(10):
        attempt(client, person.email, WRONG)

    assert SignInFailure.objects.count() == before


def test_many_accounts_from_one_address_are_throttled_too(
    client: Client, settings, register: Callable[..., Registered]
) -> None:
    settings.REKISTERI_SIGN_IN_ADDRESS_FAILURES = 3
    person = register()
    for i in range(3):
        attempt(client, f"guess{i}@example.fi", WRONG, "192.0.2.50")

    assert attempt(client, person.email, person.password, "192.0.2.50").status_code == 429
    assert attempt(client, person.email, person.password, "192.0.2.51").status_code == 302


def test_the_staff_sign_in_is_throttled_the_same_way(client: Client, make_staff) -> None:
    staff = make_staff(Role.CUSTOMER_SERVICE)
    staff_url = reverse("staff:login")
    for i in range(settings.REKISTERI_SIGN_IN_ACCOUNT_FAILURES):
        client.post(
            staff_url, {"username": staff.email, "password": WRONG}, REMOTE_ADDR=f"10.0.0.{i}"
        )

    response = client.post(
        staff_url,
        {"username": staff.email, "password": "correct horse battery staple"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert "Too many failed sign-ins." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_every_path_hashes_a_password_once(
    client: Client, register: Callable[..., Registered], monkeypatch
) -> None:
    """The work done, and so the time taken, does not depend on whether the account exists
    or the try was throttled."""
    person = register()
    calls: list[int] = []
    real_encode = MD5PasswordHasher.encode
    monkeypatch.setattr(
        MD5PasswordHasher,
        "encode",
        lambda self, password, salt: calls.append(1) or real_encode(self, password, salt),
    )

    def hashes(email: str, address: str) -> int:
        calls.clear()
        attempt(client, email, WRONG, address)
        return len(calls)

    assert hashes(person.email, "192.0.2.10") == 1
    assert hashes("nobody@example.fi", "192.0.2.11") == 1
    fail_on_account(client, person.email, settings.REKISTERI_SIGN_IN_ACCOUNT_FAILURES)
    assert hashes(person.email, "192.0.2.12") == 1  # throttled


def test_the_records_keep_neither_the_address_typed_nor_the_client_address(
    client: Client,
) -> None:
    attempt(client, "someone@example.fi", WRONG, "192.0.2.77")

    (failure,) = SignInFailure.objects.all()
    stored = f"{failure.account_key} {failure.address_key}"
    assert "someone" not in stored
    assert "192.0.2.77" not in stored
    assert len(failure.account_key) == len(failure.address_key) == 64


def test_recording_a_failure_is_audited_without_a_subject() -> None:
    services.sign_in_failure_record(actor=Actor.public(), email="a@example.fi", address="::1")

    event = AuditEvent.objects.get(action="account.sign_in_failure")
    assert event.subject == ""
    assert set(event.categories) == {"user.account.username", "user.device.ip_address"}


def test_a_signed_in_customer_cannot_record_failures_against_others(
    register: Callable[..., Registered],
) -> None:
    person = register()

    with pytest.raises(PermissionDenied):
        services.sign_in_failure_record(
            actor=customer_actor(person.customer), email="victim@example.fi", address="::1"
        )

    assert not SignInFailure.objects.exists()
    assert not AuditEvent.objects.filter(action="account.sign_in_failure").exists()


def test_the_default_settings_allow_at_most_100_failures_per_account_per_hour() -> None:
    assert failures_per_hour_at_most() <= 100
    assert check_sign_in_throttle() == []


def test_settings_allowing_more_than_100_an_hour_fail_the_system_check(settings) -> None:
    settings.REKISTERI_SIGN_IN_WINDOW_MINUTES = 5
    settings.REKISTERI_SIGN_IN_ACCOUNT_FAILURES = 10

    (error,) = check_sign_in_throttle()

    assert error.id == "rekisteri.E021"
    with pytest.raises(Exception, match="E021"):
        call_command("check")

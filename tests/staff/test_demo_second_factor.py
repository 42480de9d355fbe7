"""The demo's staff accounts pass the second step without a phone, and only in the demo."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from rekisteri.access.groups import role_group
from rekisteri.access.roles import Role
from rekisteri.accounts.models import User
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.demo.logins import (
    DEMO_TOTP_SECRET,
    DemoLoginsError,
    demo_code_hint,
    demo_second_factor_load,
    demo_staff_email,
)
from rekisteri.staff import sealing
from rekisteri.staff.models import TotpDevice
from tests.fixtures.staff import TEST_TOTP_SECRET, enrol_staff
from tests.staff.signing_in import CODE, ENROL, HOME, code, code_step, password_step

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


@pytest.fixture
def demo_warehouse() -> User:
    user = User.objects.create_user(demo_staff_email(Role.WAREHOUSE), PASSWORD, is_staff=True)
    user.groups.add(role_group(Role.WAREHOUSE))
    return user


def _load(user: User) -> list[str]:
    return demo_second_factor_load(actor=Actor.system("demo"), user=user, password=PASSWORD)


def test_a_demo_account_gets_the_demo_authenticator_and_recovery_codes(
    demo_warehouse: User,
) -> None:
    codes = _load(demo_warehouse)

    assert len(codes) == 10 and len(set(codes)) == 10
    device = TotpDevice.objects.get(user=demo_warehouse)
    assert sealing.unseal(device.sealed_secret) == DEMO_TOTP_SECRET
    assert AuditEvent.objects.filter(action="staff.totp_install").count() == 1


def test_running_the_demo_again_prints_the_same_codes_and_changes_nothing(
    demo_warehouse: User,
) -> None:
    codes = _load(demo_warehouse)
    events = AuditEvent.objects.count()

    assert _load(demo_warehouse) == codes
    assert AuditEvent.objects.count() == events


def test_a_used_demo_recovery_code_is_brought_back_by_the_next_run(
    client: Client, demo_warehouse: User
) -> None:
    [first, *_] = _load(demo_warehouse)
    password_step(client, demo_warehouse)
    assert code_step(client, first).status_code == 303

    _load(demo_warehouse)

    other = Client()
    password_step(other, demo_warehouse)
    assert code_step(other, first).status_code == 303


def test_the_demo_code_page_shows_the_code_and_it_signs_in(
    client: Client, demo_warehouse: User
) -> None:
    _load(demo_warehouse)
    password_step(client, demo_warehouse)

    page = client.get(CODE).content.decode()
    hint = demo_code_hint(demo_warehouse)

    assert hint and hint in page
    assert code_step(client, hint).status_code == 303
    assert client.get(HOME).status_code == 200
    # The next hint is a code not used yet.
    assert demo_code_hint(demo_warehouse) != hint


def test_a_recovery_code_printed_by_the_demo_signs_in(client: Client, demo_warehouse: User) -> None:
    [first, *_] = _load(demo_warehouse)
    password_step(client, demo_warehouse)
    assert code_step(client, first).status_code == 303


def test_the_enrolment_page_of_a_demo_account_shows_the_code_too(
    client: Client, demo_warehouse: User
) -> None:
    password_step(client, demo_warehouse)
    page = client.get(ENROL).content.decode()
    assert 'class="demo-hint"' in page


def test_no_hint_for_other_accounts(client: Client, make_staff: Callable[..., User]) -> None:
    user = make_staff(Role.WAREHOUSE)
    enrol_staff(user)
    password_step(client, user)
    assert demo_code_hint(user) == ""
    assert 'class="demo-hint"' not in client.get(CODE).content.decode()


def test_in_production_there_is_no_hint_and_the_demo_secret_opens_nothing(
    client: Client, demo_warehouse: User, monkeypatch
) -> None:
    _load(demo_warehouse)
    monkeypatch.setenv("REKISTERI_ENV", "production")

    assert demo_code_hint(demo_warehouse) == ""
    with pytest.raises(DemoLoginsError):
        _load(demo_warehouse)
    password_step(client, demo_warehouse)
    assert 'class="demo-hint"' not in client.get(CODE).content.decode()
    assert code_step(client, code(secret=DEMO_TOTP_SECRET)).status_code == 400


def test_the_test_secret_is_not_the_demo_secret() -> None:
    assert TEST_TOTP_SECRET != DEMO_TOTP_SECRET

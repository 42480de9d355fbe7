"""Properties: no text typed as a sign-in code, an invitation token or a new account's
address crashes a page, and only a right code lets anyone in."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rekisteri.access.roles import Role
from rekisteri.accounts.models import User
from rekisteri.staff.second_factor import VERIFIED
from tests.fixtures.staff import enrol_staff
from tests.staff.signing_in import code, code_step, password_step

pytestmark = pytest.mark.django_db

_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

code_like = st.one_of(
    st.text(max_size=50),
    st.from_regex(r"\A\s*[0-9]{5,7}\s*\Z"),
    st.from_regex(r"\A[a-z2-9]{4}(-[a-z2-9]{4}){3}\Z"),
    st.sampled_from(["", " ", "\x00", "000000\x00", "١٢٣٤٥٦", "123 456"]),
)


@_SETTINGS
@given(typed=code_like)
def test_any_text_as_the_code_is_answered_and_only_a_right_code_passes(
    client: Client, make_staff, django_settings_override, typed: str
) -> None:
    user = User.objects.filter(email="property@example.test").first()
    if user is None:
        user = make_staff(Role.WAREHOUSE)
        User.objects.filter(pk=user.pk).update(email="property@example.test")
        user.refresh_from_db()
        enrol_staff(user)
    client.cookies.clear()
    password_step(client, user)
    right = {code(-1), code(0), code(1)}

    response = code_step(client, typed)

    if typed.strip() in right:
        assert response.status_code == 303
    else:
        assert response.status_code == 400
        assert VERIFIED not in client.session


@pytest.fixture
def django_settings_override(settings) -> None:
    # Many wrong codes in a row here: the throttle is tested on its own.
    settings.REKISTERI_STAFF_CODE_FAILURES = 10_000


@_SETTINGS
@given(token=st.text(min_size=1, max_size=80))
def test_any_invitation_token_is_not_found(client: Client, token: str) -> None:
    response = client.get(f"/henkilokunta/kutsu/{quote(token, safe='')}/")
    assert response.status_code == 404


@_SETTINGS
@given(email=st.one_of(st.text(max_size=80), st.emails()))
def test_any_address_for_a_new_account_is_answered(admin_client: Client, email: str) -> None:
    response = admin_client.post(
        reverse("staff:staff_account_create"), {"email": email, "roles": [Role.WAREHOUSE.value]}
    )
    assert response.status_code in {303, 400}
    if response.status_code == 303:
        created = User.objects.get(email=email.strip().lower())
        assert created.is_staff and not created.has_usable_password()

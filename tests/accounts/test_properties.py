"""Properties of the public account forms: whatever is typed, no server error, and nothing
half-saved (an account always comes with its customer record, and a refused form saves
nothing at all)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rekisteri.accounts.models import EmailConfirmation, PendingRegistration, User
from rekisteri.audit.models import AuditEvent
from rekisteri.consents.models import ConsentRecord
from rekisteri.customers.models import Channel, Customer
from tests.accounts.conftest import PASSWORD, REGISTRATION

pytestmark = pytest.mark.django_db

_settings = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

awkward = st.sampled_from(["", " ", "\x00", "O'Brien", "<b>Åsa</b>", "İ" * 60, "a" * 300])
short_text = st.one_of(st.text(max_size=120), awkward)
emails = st.one_of(
    st.emails(),
    st.text(max_size=60),
    awkward,
    st.sampled_from(["aino@example.fi", "AINO@EXAMPLE.FI", "aino@@example.fi", "a@b"]),
)
passwords = st.one_of(
    st.text(max_size=300),
    st.sampled_from([PASSWORD, "qwerty123456", "x" * 11, "x" * 257, "\x00" * 20]),
)
languages = st.one_of(st.sampled_from(["fi", "sv", "en"]), st.text(max_size=6))
boxes = st.sampled_from(["", "on", "off", "\x00"])
text_ids = st.one_of(st.sampled_from(["", "1", "2", "3", "-1", "99999999999999999999"]), awkward)


def _counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "customers": Customer.objects.count(),
        "pending": PendingRegistration.objects.count(),
        "links": EmailConfirmation.objects.count(),
        "consents": ConsentRecord.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def _every_account_has_its_customer() -> bool:
    return (
        not User.objects.filter(is_staff=False, customer__isnull=True).exists()
        and not Customer.objects.filter(channel=Channel.REGISTRATION, user__isnull=True).exists()
    )


@_settings
@given(
    first_name=short_text,
    last_name=short_text,
    email=emails,
    password=passwords,
    language=languages,
    phone=short_text,
    street=short_text,
    postal_code=short_text,
    city=short_text,
    marketing=st.tuples(boxes, boxes, boxes),
    text_id=text_ids,
)
def test_any_registration_input_is_answered_and_never_half_saved(
    client: Client,
    django_capture_on_commit_callbacks: Any,
    first_name: str,
    last_name: str,
    email: str,
    password: str,
    language: str,
    phone: str,
    street: str,
    postal_code: str,
    city: str,
    marketing: tuple[str, str, str],
    text_id: str,
) -> None:
    before = _counts()
    data = {
        "first_name": first_name,
        "last_name": last_name,
        "email": email,
        "password": password,
        "preferred_language": language,
        "phone": phone,
        "street_address": street,
        "postal_code": postal_code,
        "city": city,
        "marketing_email": marketing[0],
        "marketing_sms": marketing[1],
        "marketing_post": marketing[2],
        "marketing_email_text": text_id,
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:register"), data)

    assert response.status_code in {303, 400}
    event(f"status {response.status_code}")
    after = _counts()
    if response.status_code == 400:
        assert after == before
    else:
        created = after["users"] - before["users"]
        assert created in {0, 1}  # 0: the address already had an account
        assert after["customers"] - before["customers"] == created
        assert after["pending"] - before["pending"] == created
    assert _every_account_has_its_customer()


@_settings
@given(
    field=st.sampled_from(sorted(REGISTRATION)),
    value=st.one_of(short_text, emails, passwords, languages),
    number=st.integers(min_value=0, max_value=10**6),
)
def test_one_odd_field_in_a_good_registration_is_answered_and_never_half_saved(
    client: Client,
    django_capture_on_commit_callbacks: Any,
    field: str,
    value: str,
    number: int,
) -> None:
    """Near misses: a valid registration with one field replaced, so that both the saved and
    the refused outcomes are exercised."""
    data = {**REGISTRATION, "email": f"asiakas{number}@example.fi", field: value}
    before = _counts()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:register"), data)

    assert response.status_code in {303, 400}
    event(f"status {response.status_code}")
    after = _counts()
    if response.status_code == 400:
        assert after == before
    else:
        assert after["customers"] - before["customers"] == after["users"] - before["users"]
    assert _every_account_has_its_customer()


@_settings
@given(username=emails, password=passwords)
def test_any_sign_in_input_is_answered_and_signs_no_one_in_by_accident(
    client: Client, make_staff: Any, username: str, password: str
) -> None:
    make_staff(password=PASSWORD)  # an account that must stay out of the customer sign-in

    response = client.post(
        reverse("accounts:sign_in"), {"username": username, "password": password}
    )

    assert response.status_code in {400, 429}
    assert "_auth_user_id" not in client.session


@_settings
@given(email=emails)
def test_any_password_reset_input_is_answered_the_same_way(
    client: Client, db: Any, django_capture_on_commit_callbacks: Any, email: str
) -> None:
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": email})

    assert response.status_code in {303, 400}
    if response.status_code == 303:
        assert response["Location"] == reverse("accounts:password_reset_sent")
    assert not mail.outbox  # no customer account exists here

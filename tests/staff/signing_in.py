"""Signing a staff member in through the real pages, both steps, for the sign-in tests."""

from __future__ import annotations

import re
import time

from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from rekisteri.accounts.models import User
from rekisteri.staff import totp
from tests.fixtures.staff import TEST_TOTP_SECRET

PASSWORD = "correct horse battery staple"
LOGIN = reverse("staff:login")
CODE = reverse("staff:second_factor")
ENROL = reverse("staff:second_factor_enrol")
HOME = reverse("staff:home")


def code(steps_from_now: int = 0, secret: bytes = TEST_TOTP_SECRET) -> str:
    return totp.totp(secret, time.time() + steps_from_now * totp.STEP_SECONDS)


def session_key(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def password_step(client: Client, user: User, password: str = PASSWORD) -> HttpResponse:
    return client.post(LOGIN, {"username": user.email, "password": password})


def code_step(client: Client, value: str, **extra: str) -> HttpResponse:
    return client.post(CODE, {"code": value}, **extra)


def enrolment_secret(page: str) -> bytes:
    found = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', page)
    assert found, "no secret on the enrolment page"
    return totp.secret_from_base32(found.group(1))

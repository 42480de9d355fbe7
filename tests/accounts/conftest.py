"""Fixtures for the customer account tests: a registered customer, the mails sent, links in
them, and a clock that can be moved forward instead of sleeping."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rekisteri.accounts import services
from rekisteri.accounts.models import User
from rekisteri.audit.actors import Actor
from rekisteri.customers.models import Customer
from rekisteri.demo.data import OPENING_HOURS
from rekisteri.demo.data import ORGANISATION as SEED_VALUES
from rekisteri.organisation.models import Organisation
from rekisteri.organisation.services import organisation_update
from tests.staff.translations import write_mo

PASSWORD = "kolme punaista ilmapalloa"
REGISTRATION = {
    "first_name": "Aino",
    "last_name": "Ilmanen",
    "email": "aino.ilmanen@example.fi",
    "password": PASSWORD,
    "preferred_language": "fi",
    "street_address": "Pallokuja 5 A 3",
    "postal_code": "02920",
    "city": "Espoo",
    "phone": "+358 40 111 2222",
}


@dataclass
class Registered:
    user: User
    customer: Customer
    password: str = PASSWORD

    @property
    def email(self) -> str:
        return self.user.email


@pytest.fixture
def mails(django_capture_on_commit_callbacks) -> Callable[[], AbstractContextManager[Any]]:
    """``with mails(): ...``: mail sent on commit inside the block is in the outbox after it.

    Tests run inside a transaction that never commits, so on-commit mail would never go out;
    this runs the callbacks of the block's committed work (not of rolled-back savepoints)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def register(db, mails) -> Callable[..., Registered]:
    """A customer registered through the service (the confirmation mail is in the outbox)."""
    counter = iter(range(1, 10_000))

    def make(*, confirmed: bool = False, **overrides: str) -> Registered:
        values = {**REGISTRATION, "email": f"asiakas{next(counter)}@example.fi", **overrides}
        with mails():
            user = services.account_register(actor=Actor.system("test"), **values)
        assert user is not None
        customer = Customer.objects.get(user=user)
        if confirmed:
            with mails():
                services.email_confirm(
                    actor=Actor.system("test"), token=link_token(mail.outbox[-1])
                )
            user.refresh_from_db()
            customer.refresh_from_db()
        return Registered(user, customer)

    return make


@pytest.fixture
def signed_in(client: Client, register: Callable[..., Registered]) -> Callable[..., Registered]:
    """The test client, signed in as a newly registered customer."""

    def sign_in(**overrides: str) -> Registered:
        person = register(**overrides)
        client.force_login(person.user)
        return person

    return sign_in


_CONFIRM_LINK = re.compile(r"/vahvista-sahkoposti/([^/\s]+)/")
_RESET_LINK = re.compile(r"/unohtunut-salasana/([^/\s]+)/([^/\s]+)/")


def link_token(message: mail.EmailMessage) -> str:
    match = _CONFIRM_LINK.search(str(message.body))
    assert match, message.body
    return match.group(1)


def confirm_url(message: mail.EmailMessage) -> str:
    return reverse("accounts:email_confirm", args=[link_token(message)])


def reset_url(message: mail.EmailMessage) -> str:
    match = _RESET_LINK.search(str(message.body))
    assert match, message.body
    return reverse("accounts:password_reset_confirm", args=match.groups())


class Clock:
    def __init__(self) -> None:
        self.now = timezone.now()

    def advance(self, **delta: float) -> None:
        self.now += datetime.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """``timezone.now()`` under our control: tests move time instead of sleeping."""
    moving = Clock()
    monkeypatch.setattr(timezone, "now", lambda: moving.now)
    return moving


@pytest.fixture
def swedish(settings, tmp_path: Path) -> Callable[[dict[str, str]], None]:
    """Install Swedish translations for the given English messages for this test."""

    def install(messages: dict[str, str]) -> None:
        write_mo(tmp_path / "locale" / "sv" / "LC_MESSAGES" / "django.mo", messages)
        settings.LOCALE_PATHS = [tmp_path / "locale", *settings.LOCALE_PATHS]

    return install


@pytest.fixture
def organisation(db) -> Organisation:
    """The controller's details, which the register description needs."""
    return organisation_update(
        actor=Actor.system("test"), values=SEED_VALUES, opening_hours=OPENING_HOURS
    )

"""Password rules: Argon2id in production, at least 12 characters and up to at least 128,
no composition rules, and common passwords refused."""

from __future__ import annotations

import runpy
from typing import Any

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from rekisteri.accounts.models import User
from tests.accounts.conftest import REGISTRATION

URL = reverse("accounts:register")


def test_production_hashes_passwords_with_argon2(monkeypatch) -> None:
    monkeypatch.setenv("REKISTERI_SECRET_KEY", "s3cr3t-" + "k" * 30 + "-0123456789abcdefghijklmnop")
    monkeypatch.setenv("REKISTERI_ALLOWED_HOSTS", "kauppa.example")

    production = runpy.run_module("rekisteri.settings.production")

    assert production["PASSWORD_HASHERS"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_the_argon2_hasher_is_the_id_variant() -> None:
    encoded = make_password("pitkä salasana tähän", hasher=Argon2PasswordHasher())
    assert encoded.startswith("argon2$argon2id$")


def register(client: Client, password: str) -> Any:
    return client.post(URL, {**REGISTRATION, "password": password}, HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.django_db
def test_eleven_characters_are_refused(client: Client) -> None:
    response = register(client, "pallo12345x")

    assert response.status_code == 400
    assert "This password is too short." in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_twelve_characters_of_any_kind_are_accepted(client: Client) -> None:
    # No composition rules: lower-case letters only is fine.
    assert register(client, "ilmapallotko").status_code == 303


@pytest.mark.django_db
def test_a_128_character_passphrase_is_accepted(client: Client) -> None:
    passphrase = ("punainen pallo lentää " * 6 + "x" * 128)[:128]

    response = register(client, passphrase)

    assert response.status_code == 303
    assert User.objects.get().check_password(passphrase)


@pytest.mark.django_db
def test_a_common_password_is_refused(client: Client) -> None:
    response = register(client, "qwerty123456")

    assert response.status_code == 400
    assert "This password is too common." in response.content.decode()
    assert not User.objects.exists()


def test_the_maximum_is_far_above_128() -> None:
    validate_password("a1-" * 85)  # 255 characters
    with pytest.raises(ValidationError) as error:
        validate_password("a1-" * 86)  # 258
    assert error.value.error_list[0].code == "password_too_long"


@pytest.mark.django_db
def test_a_password_too_long_is_refused_with_a_message(client: Client) -> None:
    response = register(client, "x" * 300)

    assert response.status_code == 400
    assert "This password is too long." in response.content.decode()

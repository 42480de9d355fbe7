"""Folding for the customer search: Finnish letters, case, phone numbers written any way."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rekisteri.customers.search_key import fold, phone_digits, search_key_of, search_words


def _person(**values: str) -> SimpleNamespace:
    person = {"first_name": "", "last_name": "", "email": "", "phone": ""}
    return SimpleNamespace(**{**person, **values})


def test_fold_keeps_finnish_letters_and_ignores_case() -> None:
    assert fold("ÄIJÄLÄ") == fold("Äijälä") == "äijälä"
    assert fold("Åström  ÖSTERBERG") == "åström österberg"


def test_a_letter_with_a_combining_mark_is_the_same_letter() -> None:
    assert fold("A\u0308ija\u0308la\u0308") == fold("Äijälä")


def test_a_and_a_umlaut_stay_different_letters() -> None:
    assert fold("Makela") != fold("Mäkelä")


def test_phone_numbers_fold_to_national_digits() -> None:
    assert phone_digits("+358 40 123 4567") == "0401234567"
    assert phone_digits("00358 40 123 4567") == "0401234567"
    assert phone_digits("040-123 4567") == "0401234567"
    assert phone_digits("+46 70 123 45 67") == "46701234567"


def test_the_key_starts_with_the_surname_then_the_first_name() -> None:
    key = search_key_of(
        _person(first_name="Anna", last_name="Äijälä", email="A@X.FI", phone="+358 40 1")
    )
    assert key == "äijälä anna a@x.fi 0401"


def test_a_phone_number_term_is_one_word_of_digits() -> None:
    assert search_words(" +358 (40) 123-4567 ") == ["0401234567"]
    assert search_words("Anna Äijälä anna") == ["anna", "äijälä"]


@given(
    first=st.text(max_size=30),
    last=st.text(max_size=30),
    email=st.emails(),
)
def test_every_word_of_a_name_is_found_in_the_key(first: str, last: str, email: str) -> None:
    key = search_key_of(_person(first_name=first, last_name=last, email=email))
    for word in search_words(f"{first} {last}"):
        if not any(ch.isdigit() for ch in word):
            assert word in key


@given(st.text(max_size=200))
def test_any_term_folds_without_error(term: str) -> None:
    words = search_words(term)
    assert all(word and " " not in word for word in words)


@pytest.mark.django_db
def test_customers_added_in_bulk_get_their_search_key() -> None:
    from rekisteri.audit.actors import Actor
    from rekisteri.customers.models import Customer
    from rekisteri.demo.generator import customers_generate

    customers_generate(actor=Actor.system("test"), count=20, seed=3)
    for customer in Customer.objects.all():
        assert customer.search_key == search_key_of(customer)
        assert fold(customer.last_name) in customer.search_key

"""Folding names, addresses and phone numbers for the staff's customer search.

Staff search customers by name, email or phone: partial, case-insensitive, with the Finnish
letters right ("ÄIJÄLÄ" finds "Äijälä", and "a" does not find "ä": they are different letters
in Finnish). The databases cannot be trusted with that: SQLite's LOWER() and LIKE fold only
ASCII, and PostgreSQL's lower() depends on the database's locale (a "C" database folds only
ASCII too). So the text is folded here, in Python, the same way for what is stored and what is
searched for: ``Customer.search_key`` holds the folded surname, first name, email and phone
digits, and a search is a set of substrings of it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Most words a search may have, and its longest length: anything longer is not a search.
MAX_WORDS = 6
MAX_TERM_LENGTH = 100
# A trigram index can only narrow a search down by words of at least three characters.
MIN_WORD_LENGTH = 3

_SPACES = re.compile(r"\s+")
# A phone number as people type it: digits with spaces, dashes, dots, slashes, brackets, and
# perhaps the international prefix.
_PHONE = re.compile(r"^\+?[\d\s\-./()]+$")
_NOT_DIGIT = re.compile(r"\D")
# Finland's country code, written as the national prefix 0 so that "+358 40 123 4567" and
# "040 123 4567" are found by each other.
_FINNISH_PREFIX = "358"


def fold(text: str) -> str:
    """``text`` as the search compares it: composed (an "ä" typed as "a" and a combining
    diaeresis is the same "ä"), case-folded, with runs of white space as one space."""
    # Composed again after folding: folding some letters ("İ") gives a combining mark.
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    return _SPACES.sub(" ", folded).strip()


def phone_digits(phone: str) -> str:
    """The digits of a phone number, with a Finnish international prefix written as 0."""
    stripped = phone.strip()
    digits = _NOT_DIGIT.sub("", stripped)
    if stripped.startswith("+") and digits.startswith(_FINNISH_PREFIX):
        return "0" + digits[len(_FINNISH_PREFIX) :]
    if stripped.startswith("00" + _FINNISH_PREFIX):
        return "0" + digits[len("00" + _FINNISH_PREFIX) :]
    return digits


def search_key_of(customer: Any) -> str:
    """What a customer's record is searched by: surname first, so that ordering results by
    the key orders them by surname and first name."""
    parts = [
        fold(customer.last_name),
        fold(customer.first_name),
        fold(customer.email),
        phone_digits(customer.phone),
    ]
    return " ".join(part for part in parts if part)


def search_words(term: str) -> list[str]:
    """The substrings a search term looks for, each of which the key must contain.

    A term that looks like a phone number is one word of its digits, so that "040 123 4567"
    finds the number however it was typed in.
    """
    term = term.strip()
    if _PHONE.match(term) and sum(ch.isdigit() for ch in term) >= MIN_WORD_LENGTH:
        return [phone_digits(term)]
    return list(dict.fromkeys(word for word in fold(term).split(" ") if word))

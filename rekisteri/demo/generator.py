"""Made-up customers in bulk, for load tests and benchmarks (``rekisteri generate_data``).

The same seed always gives the same people, so a benchmark or a bug report can be
reproduced. The pseudonymous ids stay random: they must never be guessable from a seed.
"""

from __future__ import annotations

import datetime
import itertools
import random
from collections.abc import Iterator
from typing import Any

from django.db import transaction

from rekisteri.audit.actors import Actor
from rekisteri.audit.services import audit_record
from rekisteri.customers.models import Channel, Customer
from rekisteri.customers.services import CONTACT_FIELDS
from rekisteri.demo import wordlists
from rekisteri.privacy.datamap import datamap, purposes

DEFAULT_SEED = 2011
MAX_CUSTOMERS = 10_000_000
BATCH_SIZE = 5_000
# Rows per INSERT statement: well under PostgreSQL's 65,535 parameters per statement.
_INSERT_ROWS = 1_000

_FIELDS = (*CONTACT_FIELDS, "channel", "entered_at")
_CHANNELS = (
    Channel.CHECKOUT,
    Channel.REGISTRATION,
    Channel.CONTEST,
    Channel.FEEDBACK,
    Channel.STAFF,
)
_CHANNEL_WEIGHTS = (55, 30, 8, 5, 2)
_LANGUAGES = ("fi", "sv", "en")
_LANGUAGE_WEIGHTS = (93, 5, 2)
# Customers entered the register at some moment of these ten years (fixed, so that the
# same seed gives the same dates whenever it is run).
_FIRST_ENTRY = datetime.datetime(2015, 1, 1, tzinfo=datetime.UTC)
_ENTRY_SPAN_SECONDS = 10 * 365 * 24 * 3600

_ASCII = str.maketrans({"ä": "a", "ö": "o", "å": "a", "Ä": "A", "Ö": "O", "Å": "A"})


def _cumulative(weights: tuple[int, ...]) -> list[int]:
    return list(itertools.accumulate(weights))


class PersonGenerator:
    """Yields customers' contact data as dicts of Customer field values."""

    def __init__(self, seed: int) -> None:
        # Not for secrets: a seeded generator is the point (reproducible data).
        self._rng = random.Random(seed)  # noqa: S311
        self._towns = wordlists.TOWNS
        self._town_weights = _cumulative(tuple(weight for _, weight, _ in self._towns))
        self._channel_weights = _cumulative(_CHANNEL_WEIGHTS)
        self._language_weights = _cumulative(_LANGUAGE_WEIGHTS)
        # How often each email address has been handed out, so that every one is unique.
        self._emails: dict[str, int] = {}

    def person(self) -> dict[str, Any]:
        rng = self._rng
        first = rng.choice(wordlists.FIRST_NAMES)
        last = rng.choice(wordlists.SURNAMES)
        city, _weight, codes = rng.choices(self._towns, cum_weights=self._town_weights)[0]
        return {
            "first_name": first,
            "last_name": last,
            "street_address": self._street(),
            "postal_code": rng.choice(codes),
            "city": city,
            "country": "FI",
            "phone": self._phone(),
            "email": self._email(first, last),
            "preferred_language": rng.choices(_LANGUAGES, cum_weights=self._language_weights)[0],
            "channel": rng.choices(_CHANNELS, cum_weights=self._channel_weights)[0].value,
            "entered_at": _FIRST_ENTRY
            + datetime.timedelta(seconds=rng.randrange(_ENTRY_SPAN_SECONDS)),
        }

    def people(self, count: int) -> Iterator[dict[str, Any]]:
        for _ in range(count):
            yield self.person()

    def _street(self) -> str:
        rng = self._rng
        address = f"{rng.choice(wordlists.STREETS)} {rng.randint(1, 60)}"
        if rng.random() < 0.6:  # a flat: staircase letter and flat number
            address += f" {rng.choice('ABCDEF')} {rng.randint(1, 40)}"
        return address

    def _phone(self) -> str:
        rng = self._rng
        prefix = rng.choice(wordlists.MOBILE_PREFIXES)
        return f"{prefix} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"

    def _email(self, first: str, last: str) -> str:
        domain = self._rng.choice(wordlists.EMAIL_DOMAINS)
        base = f"{first}.{last}".translate(_ASCII).lower()
        seen = self._emails.get(f"{base}@{domain}", 0)
        self._emails[f"{base}@{domain}"] = seen + 1
        local = base if seen == 0 else f"{base}{seen + 1}"
        return f"{local}@{domain}"


def _categories() -> list[str]:
    categories = []
    for name in _FIELDS:
        mapped = datamap.field(Customer, name)
        assert mapped is not None, f"Customer.{name} is not in the data map"
        categories.append(mapped.personal.category)
    return sorted(set(categories))


def customers_generate(
    *, actor: Actor, count: int, seed: int = DEFAULT_SEED, batch_size: int = BATCH_SIZE
) -> int:
    """Insert ``count`` made-up customers; returns how many were inserted.

    Each batch commits with one audit event that counts it: a bulk load audited row by row
    would be a hundred thousand events that say nothing more.
    """
    if not 1 <= count <= MAX_CUSTOMERS:
        raise ValueError(f"count must be between 1 and {MAX_CUSTOMERS}")
    if batch_size < 1:
        raise ValueError("batch_size must be positive")
    generator = PersonGenerator(seed)
    categories = _categories()
    made = 0
    while made < count:
        size = min(batch_size, count - made)
        rows = [Customer(**values) for values in generator.people(size)]
        with transaction.atomic():
            Customer.objects.bulk_create(rows, batch_size=_INSERT_ROWS)
            audit_record(
                actor=actor,
                action="customer.bulk_generate",
                categories=categories,
                purpose=purposes.CUSTOMER_RELATIONSHIP.key,
                detail={"count": size, "seed": seed},
            )
        made += size
    return made

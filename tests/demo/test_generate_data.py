"""``rekisteri generate_data``: N realistic, reproducible customers, one audit event a batch."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.validators import validate_email

from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.audit.verify import audit_verify
from rekisteri.customers.models import Channel, Customer
from rekisteri.demo.generator import PersonGenerator, customers_generate
from rekisteri.demo.wordlists import FIRST_NAMES, SURNAMES, TOWNS

FIELDS = (
    "first_name",
    "last_name",
    "street_address",
    "postal_code",
    "city",
    "country",
    "phone",
    "email",
    "preferred_language",
    "channel",
    "entered_at",
)


def stored_people() -> list[tuple[object, ...]]:
    return list(Customer.objects.order_by("id").values_list(*FIELDS))


def generated_people(seed: int, count: int) -> list[tuple[object, ...]]:
    return [
        tuple(person[name] for name in FIELDS) for person in PersonGenerator(seed).people(count)
    ]


@pytest.mark.django_db
def test_the_command_adds_n_customers_audited_as_one_bulk_event() -> None:
    out = io.StringIO()
    call_command("generate_data", "--customers", "250", "--seed", "7", stdout=out)

    assert Customer.objects.count() == 250
    events = AuditEvent.objects.filter(action="customer.bulk_generate")
    assert [event.detail for event in events] == [{"count": 250, "seed": 7}]
    assert events[0].actor_ref == "generate_data"
    assert events[0].subject == ""
    assert "250" in out.getvalue()
    assert audit_verify().ok


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_people() -> None:
    call_command("generate_data", "--customers", "120", "--seed", "42", stdout=io.StringIO())

    assert stored_people() == generated_people(42, 120)
    assert generated_people(42, 120) != generated_people(43, 120)


@pytest.mark.django_db
def test_each_batch_commits_with_its_own_audit_event() -> None:
    made = customers_generate(actor=Actor.system("generate_data"), count=12, seed=1, batch_size=5)

    assert made == Customer.objects.count() == 12
    counts = [
        event.detail["count"]
        for event in AuditEvent.objects.filter(action="customer.bulk_generate")
    ]
    assert counts == [5, 5, 2]


def test_the_people_look_finnish_and_are_valid() -> None:
    people = list(PersonGenerator(3).people(2000))
    postal_codes = {code for _town, _weight, codes in TOWNS for code in codes}
    towns = {town for town, _weight, _codes in TOWNS}

    assert len({person["email"] for person in people}) == len(people)
    for person in people:
        assert person["first_name"] in FIRST_NAMES
        assert person["last_name"] in SURNAMES
        assert person["city"] in towns
        assert person["postal_code"] in postal_codes
        assert re.fullmatch(r"\d{5}", person["postal_code"])
        assert re.fullmatch(r"0\d\d \d{3} \d{4}", person["phone"])
        assert re.fullmatch(r"\S+ \d+( [A-F] \d+)?", person["street_address"])
        validate_email(person["email"])
        assert person["email"].endswith(("@example.net", "@example.org"))
        assert person["channel"] in Channel.values
    # Every person is a valid customer record.
    Customer(**people[0]).full_clean(exclude=["user", "public_id"])


def run_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REKISTERI_DATA_DIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "rekisteri", "generate_data", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("--customers", "-5"),
        ("--customers", "0"),
        ("--customers", "many"),
        ("--customers", "100000000"),
        ("--seed", "1"),
        ("--customers", "10", "--seed", "x"),
    ],
)
def test_bad_arguments_fail_with_one_line_and_no_traceback(tmp_path: Path, args) -> None:
    result = run_cli(tmp_path, *args)

    assert result.returncode != 0
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr

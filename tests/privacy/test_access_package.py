"""The access package holds every mapped field of every row about the person, validates
against its published schema, and is the same through the command."""

from __future__ import annotations

import io
import json

import jsonschema
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.audit.models import AuditEvent
from rekisteri.audit.services import audit_record
from rekisteri.privacy.access_package import SECRET_SHOWN_AS, access_package_schema, json_value
from rekisteri.privacy.models import Disclosure
from rekisteri.privacy.services import subject_export
from rekisteri.privacy.subjects import subject_model_maps, subject_querysets
from tests.privacy.subject_factories import FACTORIES, PERSON, make_person

pytestmark = pytest.mark.django_db


def test_every_model_about_a_customer_has_a_test_factory() -> None:
    missing = {m.model._meta.label for m in subject_model_maps()} - set(FACTORIES)
    assert missing == set(), f"add factories in tests/privacy/subject_factories.py: {missing}"


def test_every_mapped_value_of_the_person_is_in_the_package() -> None:
    customer = make_person()
    package = subject_export(actor=Actor.system("test"), customer=customer)
    found = {
        (record["model"], record["record"], f["name"]): f["value"]
        for subregister in package["subregisters"]
        for record in subregister["records"]
        for f in record["fields"]
    }
    checked = 0
    for model_map, rows in subject_querysets(customer):
        for row in rows:
            for name, personal in model_map.fields.items():
                key = (model_map.model._meta.label, str(row.pk), name)
                assert key in found, key
                field = row._meta.get_field(name)
                if personal.secret:
                    assert found[key] == SECRET_SHOWN_AS
                elif not field.is_relation:
                    assert found[key] == json_value(getattr(row, name)), key
                checked += 1
    assert checked >= 20
    for value in PERSON.values():
        assert value in json.dumps(package, ensure_ascii=False)


def test_the_package_validates_against_the_published_schema() -> None:
    package = subject_export(actor=Actor.system("test"), customer=make_person())
    jsonschema.validate(package, access_package_schema())


def test_a_password_hash_is_never_given_out() -> None:
    customer = make_person()
    package = json.dumps(subject_export(actor=Actor.system("test"), customer=customer))
    assert customer.user.password not in package


def test_purposes_bases_retention_and_sources_come_with_the_data() -> None:
    package = subject_export(actor=Actor.system("test"), customer=make_person())
    customers = next(s for s in package["subregisters"] if s["key"] == "customers")
    assert {p["legal_basis"] for p in customers["purposes"]} >= {"contract"}
    assert customers["retention"]
    sources = {f["source"] for r in customers["records"] for f in r["fields"]}
    assert sources == {"given", "recorded"}


def test_disclosures_are_listed_unless_an_authority_has_said_not_yet() -> None:
    customer = make_person()
    Disclosure.objects.create(
        customer=customer,
        recipient="Poliisi",
        recipient_country="FI",
        categories=["user.contact.email"],
        purpose="authority",
        legal_basis="law",
        disclosed_at=timezone.now(),
        do_not_inform_until=timezone.localdate() + timezone.timedelta(days=30),
    )
    package = subject_export(actor=Actor.system("test"), customer=customer)
    assert [d["recipient"] for d in package["disclosures"]] == ["Maksupalvelu Oy"]


def test_the_access_log_shows_roles_and_times_never_staff_names(make_staff) -> None:
    customer = make_person()
    staff = make_staff(Role.CUSTOMER_SERVICE)
    audit_record(
        actor=Actor.for_staff(staff),
        action="customer.read",
        subject=str(customer.public_id),
        categories=["user.contact.email"],
        purpose="essential.service",
    )
    package = subject_export(actor=Actor.system("test"), customer=customer)
    assert package["access_log"][0]["roles"] == ["customer_service"]
    text = json.dumps(package["access_log"])
    assert staff.email not in text
    assert str(staff.public_id) not in text


def test_giving_out_the_package_is_audited() -> None:
    customer = make_person()
    subject_export(actor=Actor.system("test"), customer=customer)
    event = AuditEvent.objects.get(action="subject.export")
    assert event.subject == str(customer.public_id)
    assert event.actor_kind == ActorKind.SYSTEM


def test_the_command_prints_the_same_package() -> None:
    customer = make_person()
    out = io.StringIO()
    call_command("subject_export", "--email", customer.email.upper(), stdout=out)
    package = json.loads(out.getvalue())
    assert package["subject"]["id"] == str(customer.public_id)
    jsonschema.validate(package, access_package_schema())


def test_the_command_refuses_an_unknown_email() -> None:
    with pytest.raises(CommandError):
        call_command("subject_export", "--email", "nobody@example.fi")


def test_a_disclosure_not_yet_to_be_told_appears_nowhere_in_the_package() -> None:
    customer = make_person()
    Disclosure.objects.create(
        customer=customer,
        recipient="Keskusrikospoliisi",
        recipient_country="FI",
        categories=["user.contact.email"],
        purpose="authority",
        legal_basis="law",
        disclosed_at=timezone.now(),
        do_not_inform_until=timezone.localdate() + timezone.timedelta(days=30),
    )
    package = json.dumps(subject_export(actor=Actor.system("test"), customer=customer))
    assert "Keskusrikospoliisi" not in package

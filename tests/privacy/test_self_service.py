"""My account's privacy pages: my data, who has looked, delete my account."""

from __future__ import annotations

import json

import jsonschema
import pytest
from django.test import Client
from django.urls import reverse

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.audit.models import AuditEvent
from rekisteri.audit.services import audit_record
from rekisteri.customers.models import Customer
from rekisteri.privacy.access_package import access_package_schema
from tests.fixtures.staff import sign_in_staff
from tests.privacy.subject_factories import PERSON, make_person

pytestmark = pytest.mark.django_db

PASSWORD = "pallo-ilmari-2026-salasana"  # set by the account factory


@pytest.fixture
def person() -> Customer:
    return make_person()


@pytest.fixture
def signed_in(client: Client, person: Customer) -> Client:
    client.force_login(person.user)
    return client


@pytest.mark.parametrize(
    "name",
    ["privacy:my_data", "privacy:my_data_json", "privacy:access_log", "privacy:delete_account"],
)
def test_the_pages_need_a_signed_in_customer(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("accounts:sign_in") in response["Location"]


def test_a_staff_account_has_no_my_data(client: Client, make_staff) -> None:
    sign_in_staff(client, make_staff(Role.CUSTOMER_SERVICE))
    assert client.get(reverse("privacy:my_data")).status_code == 403


def test_my_data_shows_the_persons_data_and_is_audited(signed_in: Client, person) -> None:
    html = signed_in.get(reverse("privacy:my_data")).content.decode()
    for key in ("first_name", "street_address", "phone"):
        assert PERSON[key] in html
    event = AuditEvent.objects.get(action="subject.export")
    assert event.actor_kind == ActorKind.CUSTOMER
    assert event.subject == str(person.public_id)


def test_the_download_is_json_in_the_published_format(signed_in: Client) -> None:
    response = signed_in.get(reverse("privacy:my_data_json"))
    assert response["Content-Disposition"].startswith("attachment")
    jsonschema.validate(json.loads(response.content), access_package_schema())


def test_the_schema_is_public(client: Client) -> None:
    response = client.get(reverse("privacy:access_package_schema"))
    assert response.status_code == 200
    assert response.json()["title"] == "Rekisteri access package"


def test_who_has_looked_shows_roles_not_names(signed_in: Client, person, make_staff) -> None:
    staff = make_staff(Role.CREDIT_CONTROL)
    audit_record(
        actor=Actor.for_staff(staff),
        action="customer.read",
        subject=str(person.public_id),
        categories=["user.contact.email"],
    )
    html = signed_in.get(reverse("privacy:access_log"), HTTP_ACCEPT_LANGUAGE="en").content
    assert b"Credit control" in html
    assert staff.email.encode() not in html


def test_a_wrong_password_deletes_nothing(signed_in: Client, person) -> None:
    response = signed_in.post(reverse("privacy:delete_account"), {"password": "wrong"})
    assert response.status_code == 400
    assert Customer.objects.filter(pk=person.pk).exists()


def test_deleting_the_account_erases_and_signs_out(signed_in: Client, person) -> None:
    response = signed_in.post(reverse("privacy:delete_account"), {"password": PASSWORD})
    assert response.status_code == 200
    assert not Customer.objects.filter(pk=person.pk).exists()
    assert signed_in.get(reverse("privacy:my_data")).status_code == 302
    assert not Client().login(username=PERSON["email"], password=PASSWORD)

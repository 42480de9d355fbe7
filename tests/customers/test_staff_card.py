"""The customer card: each role sees exactly the sections and fields the data map gives it,
every read is one audit event naming the categories shown, and customer service corrects
contact data through the service."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from rekisteri.access.roles import Role
from rekisteri.audit.models import AuditEvent
from rekisteri.consents.models import ChangeSource
from rekisteri.consents.services import restriction_set
from rekisteri.customers.models import Customer
from rekisteri.customers.services import CONTACT_FIELDS
from tests.consents.factories import consent_record_rows, privacy_switch_rows
from tests.contests.subject_rows import entry_rows
from tests.credit.subject_rows import invoice_rows
from tests.customers.helpers import SYSTEM, audit_text, events, make_customer
from tests.feedback.subject_rows import feedback_rows
from tests.orders.subject_rows import order_rows

pytestmark = pytest.mark.django_db

DENIED = [Role.MARKETING, Role.WAREHOUSE, Role.CATALOGUE, Role.ADMINISTRATOR]

# Values of each section, to look for in the page (or make sure are absent).
CONTACT = {
    "first_name": "Ilona",
    "last_name": "Kortelainen",
    "street_address": "Pallokuja 5 A 2",
    "postal_code": "33200",
    "city": "Tampere",
    "phone": "+358 44 111 2222",
    "email": "ilona.kortelainen@example.fi",
    "preferred_language": "sv",
}
CONTEST_ANSWER = "Kaksitoista palloa"  # tests.contests.subject_rows
FEEDBACK_LINK = "/henkilokunta/palaute/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _card_url(customer: Customer) -> str:
    return reverse("staff:customers_card", args=[customer.public_id])


@pytest.fixture
def person() -> Customer:
    customer = make_customer(**CONTACT)
    consent_record_rows(customer)
    privacy_switch_rows(customer)  # a prohibition of direct marketing
    order_rows(customer)
    invoice_rows(customer)  # also opens the credit account
    entry_rows(customer)
    feedback_rows(customer)
    customer.refresh_from_db()
    return customer


def _card(client: Client, customer: Customer) -> str:
    with translation.override("en"):
        response = client.get(_card_url(customer), **EN)
    assert response.status_code == 200
    return response.content.decode()


def test_customer_service_sees_every_section_it_may_read(
    staff_client: Callable[..., Client], person: Customer
) -> None:
    html = _card(staff_client(Role.CUSTOMER_SERVICE), person)
    for value in ("Ilona", "Kortelainen", "Pallokuja 5 A 2", "ilona.kortelainen@example.fi"):
        assert value in html
    assert "Swedish" in html  # preferred language
    assert "Marketing permissions" in html
    assert "Direct marketing prohibited: yes" in html
    assert "Orders" in html and "15.90 €" in html
    assert "Invoices" in html and "50.00 €" in html
    assert CONTEST_ANSWER in html
    assert FEEDBACK_LINK in html
    # Customer service does not read the credit account itself.
    assert "Credit limit" not in html and "500.00 €" not in html
    assert "Correct contact data" in html


def test_credit_control_sees_contact_credit_and_orders_only(
    staff_client: Callable[..., Client], person: Customer
) -> None:
    html = _card(staff_client(Role.CREDIT_CONTROL), person)
    for value in ("Ilona", "Kortelainen", "Pallokuja 5 A 2", "ilona.kortelainen@example.fi"):
        assert value in html
    assert "500.00 €" in html  # the credit limit
    assert "50.00 €" in html  # the invoice
    assert "15.90 €" in html  # the order
    # Denied: preferred language, how they entered, marketing choices, contests, feedback.
    for absent in (
        "Swedish",
        "became a webshop customer",
        "Marketing permissions",
        "Direct marketing prohibited",
        CONTEST_ANSWER,
        "Contest entries",
        FEEDBACK_LINK,
        "Correct contact data",
    ):
        assert absent not in html


def test_the_register_manager_sees_every_section(
    staff_client: Callable[..., Client], person: Customer
) -> None:
    html = _card(staff_client(Role.REGISTER_MANAGER), person)
    for value in ("Kortelainen", "Swedish", "Marketing permissions", "500.00 €", CONTEST_ANSWER):
        assert value in html
    assert FEEDBACK_LINK in html


def test_one_audit_event_names_the_categories_shown(
    staff_client: Callable[..., Client], person: Customer
) -> None:
    _card(staff_client(Role.CREDIT_CONTROL), person)
    [event] = events("customer.card.read")
    assert event.subject == str(person.public_id)
    assert event.purpose == "essential.service.payment_processing.credit"
    assert event.categories == sorted(
        {
            "user.unique_id.pseudonymous",
            "user.name.first",
            "user.name.last",
            "user.contact.address.street",
            "user.contact.address.postal_code",
            "user.contact.address.city",
            "user.contact.address.country",
            "user.contact.phone_number",
            "user.contact.email",
            "user.behavior.purchase_history",
            "user.financial.creditworthiness",
        }
    )
    assert event.detail == {"sections": ["contact", "orders", "credit"], "restricted": False}
    for value in CONTACT.values():
        if len(value) > 2:
            assert value.casefold() not in audit_text()


def test_customer_service_reads_are_audited_with_every_section(
    staff_client: Callable[..., Client], person: Customer
) -> None:
    _card(staff_client(Role.CUSTOMER_SERVICE), person)
    [event] = events("customer.card.read")
    assert event.purpose == "essential.service"
    assert {
        "user.privacy_preferences",
        "user.behavior.purchase_history",
        "user.financial.creditworthiness",
        "user.content.private",
        "user.behavior.contest_participation",
        "user.demographic.language",
    } <= set(event.categories)
    assert event.detail["sections"] == [
        "contact",
        "consents",
        "orders",
        "credit",
        "contests",
        "feedback",
    ]


def test_a_restricted_customer_is_marked_for_every_reader(
    staff_client: Callable[..., Client],
) -> None:
    customer = make_customer(**CONTACT)
    restriction_set(actor=SYSTEM, customer=customer, restricted=True, source=ChangeSource.STAFF)
    html = _card(staff_client(Role.CREDIT_CONTROL), customer)
    assert 'id="restricted"' in html
    assert "Processing restricted" in html
    [event] = events("customer.card.read")
    assert "user.privacy_preferences" in event.categories
    assert event.detail["restricted"] is True


def test_an_unrestricted_customer_is_not_marked(
    staff_client: Callable[..., Client], person: Customer
) -> None:
    html = _card(staff_client(Role.CUSTOMER_SERVICE), person)
    assert 'id="restricted"' not in html


@pytest.mark.parametrize("role", DENIED)
def test_roles_without_customer_data_rights_get_403(
    staff_client: Callable[..., Client], person: Customer, role: Role
) -> None:
    response = staff_client(role).get(_card_url(person))
    assert response.status_code == 403
    assert b"Kortelainen" not in response.content
    assert not events("customer.card.read")


def test_an_unknown_id_is_404(staff_client: Callable[..., Client]) -> None:
    client = staff_client(Role.CUSTOMER_SERVICE)
    response = client.get(reverse("staff:customers_card", args=[uuid.uuid4()]))
    assert response.status_code == 404
    assert not events("customer.card.read")


@pytest.mark.parametrize(
    "path",
    [
        "/henkilokunta/asiakkaat/123/",
        "/henkilokunta/asiakkaat/not-a-uuid/",
        "/henkilokunta/asiakkaat/ilona.kortelainen@example.fi/",
        "/henkilokunta/asiakkaat/00000000-0000-0000-0000-00000000000g/",
    ],
)
def test_a_malformed_id_is_404(staff_client: Callable[..., Client], path: str) -> None:
    assert staff_client(Role.CUSTOMER_SERVICE).get(path).status_code == 404


# Correcting contact data.


def _correct_url(customer: Customer) -> str:
    return reverse("staff:customers_correct", args=[customer.public_id])


def _form(customer: Customer, **changes: str) -> dict[str, str]:
    """What the browser posts: every field of the form, as the card filled it in."""
    return {**{name: getattr(customer, name) for name in CONTACT_FIELDS}, **changes}


def test_customer_service_corrects_contact_data(
    staff_client: Callable[..., Client], person: Customer
) -> None:
    client = staff_client(Role.CUSTOMER_SERVICE)
    response = client.post(_correct_url(person), _form(person, city="Espoo", phone="050 1"))
    assert response.status_code == 303
    assert response["Location"] == _card_url(person)
    person.refresh_from_db()
    assert (person.city, person.phone) == ("Espoo", "050 1")
    [event] = events("customer.update")
    assert event.subject == str(person.public_id)
    assert event.categories == ["user.contact.address.city", "user.contact.phone_number"]
    assert event.actor_kind == "staff"
    assert "espoo" not in audit_text()


def test_a_correction_with_no_change_saves_nothing(
    staff_client: Callable[..., Client], person: Customer
) -> None:
    response = staff_client(Role.CUSTOMER_SERVICE).post(_correct_url(person), _form(person))
    assert response.status_code == 303
    assert not events("customer.update")


@pytest.mark.parametrize(
    "changes",
    [
        {"email": "not an address"},
        {"preferred_language": "xx"},
        {"country": "FIN"},
        {"first_name": "x" * 101},
    ],
)
def test_bad_input_gets_400_and_saves_nothing(
    staff_client: Callable[..., Client], person: Customer, changes: dict[str, str]
) -> None:
    client = staff_client(Role.CUSTOMER_SERVICE)
    with translation.override("en"):
        response = client.post(_correct_url(person), _form(person, city="Espoo", **changes), **EN)
    assert response.status_code == 400
    assert b"Nothing was saved" in response.content
    person.refresh_from_db()
    assert person.city == "Tampere"
    assert not events("customer.update")


def test_forged_fields_are_ignored(staff_client: Callable[..., Client], person: Customer) -> None:
    client = staff_client(Role.CUSTOMER_SERVICE)
    forged = _form(
        person, last_name="Öhman", channel="staff", search_key="x", public_id=str(uuid.uuid4())
    )
    assert client.post(_correct_url(person), forged).status_code == 303
    before = person.public_id
    person.refresh_from_db()
    assert person.last_name == "Öhman"
    assert person.channel == "checkout"
    assert person.public_id == before
    assert person.search_key.startswith("öhman ilona ")


@pytest.mark.parametrize("role", [Role.CREDIT_CONTROL, *DENIED])
def test_roles_that_may_not_write_contact_data_get_403(
    staff_client: Callable[..., Client], person: Customer, role: Role
) -> None:
    response = staff_client(role).post(_correct_url(person), _form(person, city="Espoo"))
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.city == "Tampere"
    assert not events("customer.update")


def test_correcting_an_unknown_customer_is_404(staff_client: Callable[..., Client]) -> None:
    url = reverse("staff:customers_correct", args=[uuid.uuid4()])
    response = staff_client(Role.CUSTOMER_SERVICE).post(url, {"city": "Espoo"})
    assert response.status_code == 404


def test_the_card_refuses_other_methods(
    staff_client: Callable[..., Client], person: Customer
) -> None:
    client = staff_client(Role.CUSTOMER_SERVICE)
    assert client.post(_card_url(person)).status_code == 405
    assert client.get(_correct_url(person)).status_code == 405
    assert AuditEvent.objects.filter(action="customer.card.read").count() == 0

"""The staff's customer search: partial, case-insensitive, Finnish letters; paged; each role
sees its fields; every person shown is audited, and the term goes nowhere."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from rekisteri.access.roles import Role
from rekisteri.audit.models import AuditEvent
from rekisteri.customers.selectors import RESULTS_PER_PAGE, customer_search_roles
from tests.customers.helpers import audit_text, events, make_customer

pytestmark = pytest.mark.django_db

URL = reverse("staff:customers_search")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
DENIED = [Role.MARKETING, Role.WAREHOUSE, Role.CATALOGUE, Role.ADMINISTRATOR]
ALLOWED = [Role.CUSTOMER_SERVICE, Role.CREDIT_CONTROL, Role.REGISTER_MANAGER]


def _search(client: Client, term: str, page: int | None = None) -> list[str]:
    """The public ids of the customers found, in the page's order."""
    data = {"term": term} if page is None else {"term": term, "page": page}
    response = client.post(URL, data)
    assert response.status_code == 200
    return re.findall(r'/asiakkaat/([0-9a-f-]{36})/"', response.content.decode())


@pytest.fixture
def service(staff_client: Callable[..., Client]) -> Client:
    return staff_client(Role.CUSTOMER_SERVICE)


def test_the_roles_that_may_search_come_from_the_data_map() -> None:
    assert customer_search_roles() == set(ALLOWED)


def test_partial_names_are_found_whatever_their_case(service: Client) -> None:
    anna = make_customer(first_name="Anna", last_name="Korhonen")
    make_customer(first_name="Pekka", last_name="Nieminen")
    assert _search(service, "korh") == [str(anna.public_id)]
    assert _search(service, "ANNA KORHONEN") == [str(anna.public_id)]
    assert _search(service, "nna orho") == [str(anna.public_id)]


def test_finnish_letters_are_found_in_either_case(service: Client) -> None:
    found = make_customer(first_name="Åsa", last_name="Äijälä", email="asa@example.fi")
    make_customer(first_name="Aarne", last_name="Aijala", email="aarne@example.fi")
    assert _search(service, "ÄIJÄLÄ") == [str(found.public_id)]
    assert _search(service, "äijä") == [str(found.public_id)]
    assert _search(service, "ÅSA ä") == [str(found.public_id)]
    # "a" and "ä" are different letters in Finnish.
    assert str(found.public_id) not in _search(service, "aijala")


def test_email_and_phone_are_found_in_part_and_in_any_format(service: Client) -> None:
    found = make_customer(email="Liisa.Laine@Example.FI", phone="+358 40 123 4567")
    make_customer(email="other@example.fi", phone="050 765 4321")
    assert _search(service, "liisa.laine@ex") == [str(found.public_id)]
    assert _search(service, "040 123 4567") == [str(found.public_id)]
    assert _search(service, "+358401234567") == [str(found.public_id)]
    assert _search(service, "1234") == [str(found.public_id)]


def test_results_are_ordered_by_surname_then_first_name_ignoring_case(service: Client) -> None:
    third = make_customer(first_name="Aino", last_name="virtala")
    first = make_customer(first_name="Bertta", last_name="Virta")
    second = make_customer(first_name="Cecilia", last_name="Virta")
    fourth = make_customer(first_name="Aarne", last_name="Virtanen")
    assert _search(service, "virt") == [str(c.public_id) for c in (first, second, third, fourth)]


def test_results_are_paged(service: Client) -> None:
    for number in range(RESULTS_PER_PAGE + 5):
        make_customer(first_name=f"Henkilö{number:02d}", last_name="Sivutettu")
    first_page = _search(service, "sivutettu")
    second_page = _search(service, "sivutettu", page=2)
    assert len(first_page) == RESULTS_PER_PAGE
    assert len(second_page) == 5
    assert not set(first_page) & set(second_page)
    response = service.post(URL, {"term": "sivutettu"}, **EN)
    assert b'name="page" value="2"' in response.content
    assert b"30 customers match the search." in response.content
    assert b"Page 1 of 2" in response.content


def test_a_search_matching_too_many_asks_to_be_narrowed(
    service: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rekisteri.customers import selectors, staff_views

    monkeypatch.setattr(selectors, "MAX_RESULTS", 3)
    monkeypatch.setattr(staff_views, "MAX_RESULTS", 3)
    for number in range(4):
        make_customer(first_name=f"Laaja{number}", last_name="Liikaa")
    wanted = make_customer(first_name="Tarkka", last_name="Liikaa")
    response = service.post(URL, {"term": "liikaa"}, **EN)
    assert response.status_code == 200
    assert b"More than 3 customers match the search." in response.content
    assert b"Laaja" not in response.content
    assert not events("customer.search.read")
    assert _search(service, "liikaa tarkka") == [str(wanted.public_id)]


def test_no_match_says_so(service: Client) -> None:
    make_customer(last_name="Korhonen")
    with translation.override("en"):
        response = service.post(URL, {"term": "zzzz"}, **EN)
    assert response.status_code == 200
    assert b"No customer matches the search." in response.content
    assert not events("customer.search.read")


@pytest.mark.parametrize("role", ALLOWED)
def test_each_searching_role_sees_its_columns(
    staff_client: Callable[..., Client], role: Role
) -> None:
    make_customer(
        first_name="Sanna",
        last_name="Sarake",
        email="sanna.sarake@example.fi",
        phone="040 555 1234",
        city="Oulu",
        street_address="Salainen katu 9",
        preferred_language="sv",
    )
    response = staff_client(role).post(URL, {"term": "sarake"})
    html = response.content.decode()
    for value in ("Sanna", "Sarake", "sanna.sarake@example.fi", "040 555 1234", "Oulu"):
        assert value in html
    # Not a column of the results, for anyone.
    assert "Salainen katu" not in html


@pytest.mark.parametrize("role", DENIED)
def test_roles_without_contact_data_rights_get_403(
    staff_client: Callable[..., Client], role: Role
) -> None:
    make_customer(last_name="Korhonen", email="k@example.fi")
    client = staff_client(role)
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"term": "korhonen"})
    assert response.status_code == 403
    assert b"Korhonen" not in response.content
    assert not events("customer.search.read")


def test_each_person_shown_is_audited_and_the_term_is_not(service: Client) -> None:
    anna = make_customer(first_name="Anna", last_name="Hakutermi", email="anna@example.fi")
    berit = make_customer(first_name="Berit", last_name="Hakutermi", email="berit@example.fi")
    make_customer(first_name="Cay", last_name="Muu")
    _search(service, "hakutermi")
    found = events("customer.search.read")
    assert [event.subject for event in found] == [str(anna.public_id), str(berit.public_id)]
    assert found[0].categories == sorted(
        {
            "user.unique_id.pseudonymous",
            "user.name.first",
            "user.name.last",
            "user.contact.email",
            "user.contact.phone_number",
            "user.contact.address.city",
        }
    )
    assert found[0].purpose == "essential.service"
    assert found[0].detail == {"page": 1}
    assert "hakutermi" not in audit_text()


def test_credit_control_searches_for_credit_management(
    staff_client: Callable[..., Client],
) -> None:
    make_customer(last_name="Luotonen")
    _search(staff_client(Role.CREDIT_CONTROL), "luotonen")
    [event] = events("customer.search.read")
    assert event.purpose == "essential.service.payment_processing.credit"


def test_a_get_never_searches(service: Client) -> None:
    """The term is posted, never put in the URL; a term in a query string is ignored."""
    make_customer(last_name="Korhonen")
    response = service.get(URL, {"term": "korhonen"})
    assert response.status_code == 200
    assert b"Korhonen" not in response.content
    assert 'method="post"' in response.content.decode()
    assert not events("customer.search.read")


@pytest.mark.parametrize(
    "data",
    [
        {"term": ""},
        {"term": "ab"},
        {"term": "a b c"},
        {"term": "x" * 101},
        {"term": "one two three four five six seven"},
        {"term": "korhonen", "page": "0"},
        {"term": "korhonen", "page": "abc"},
        {"term": "korhonen", "page": "100000"},
        {},
    ],
)
def test_bad_input_gets_400_and_searches_nothing(service: Client, data: dict[str, str]) -> None:
    make_customer(last_name="Korhonen")
    before = AuditEvent.objects.count()
    with translation.override("en"):
        response = service.post(URL, data, **EN)
    assert response.status_code == 400
    assert b"The search was not made" in response.content
    assert b"Korhonen" not in response.content
    assert AuditEvent.objects.count() == before


def test_too_short_a_term_is_explained(service: Client) -> None:
    with translation.override("en"):
        response = service.post(URL, {"term": "ab"}, **EN)
    assert b"at least three letters or digits" in response.content


def test_a_corrected_name_is_found_by_its_new_spelling(service: Client) -> None:
    from rekisteri.customers.services import customer_update
    from tests.customers.helpers import SYSTEM

    customer = make_customer(last_name="Vanha")
    customer_update(actor=SYSTEM, customer=customer, last_name="Öhman")
    assert _search(service, "ÖHMAN") == [str(customer.public_id)]
    assert _search(service, "vanha") == []


def test_each_database_has_its_search_index() -> None:
    """The search's speed rests on an index made by a migration: a trigram index on
    PostgreSQL, and on SQLite a plain one read in the results' order."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'customer_search_key_trgm'"
            )
            [(definition,)] = cursor.fetchall()
            assert "gin_trgm_ops" in definition
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND "
                "name = 'customer_search_key_order'"
            )
            assert cursor.fetchall() == [("customer_search_key_order",)]


@pytest.mark.parametrize("role", ALLOWED)
def test_the_front_page_links_to_the_search_for_searching_roles(
    staff_client: Callable[..., Client], role: Role
) -> None:
    response = staff_client(role).get(reverse("staff:home"))
    assert URL in response.content.decode()


@pytest.mark.parametrize("role", DENIED)
def test_the_front_page_has_no_search_link_for_other_roles(
    staff_client: Callable[..., Client], role: Role
) -> None:
    response = staff_client(role).get(reverse("staff:home"))
    assert f'href="{URL}"' not in response.content.decode()

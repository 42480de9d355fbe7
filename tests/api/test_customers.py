"""Customers through the API: each role gets exactly the fields the data map lets it read,
every person read is audited, and writes go through the customer services, limited to the
fields the roles may write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rekisteri.access.policy import readable_fields, writable_fields
from rekisteri.access.roles import Role
from rekisteri.api.policy import CLIENT_ROLES, api_operations
from rekisteri.audit.models import AuditEvent
from rekisteri.customers.models import Customer
from rekisteri.privacy.datamap import datamap
from tests.api import factories
from tests.api.conftest import Caller, assert_json_error

pytestmark = pytest.mark.django_db

ApiAs = Callable[..., Caller]


def _roles_of(operation_id: str) -> frozenset[Role]:
    (operation,) = [op for op in api_operations() if op.operation_id == operation_id]
    return operation.roles


READERS = sorted(_roles_of("customer_get"))
NON_READERS = sorted(CLIENT_ROLES - _roles_of("customer_get"))


def _categories(names: set[str]) -> set[str]:
    return {datamap.field(Customer, name).personal.category for name in names}  # type: ignore[union-attr]


@pytest.mark.parametrize("role", READERS)
def test_a_customer_has_exactly_the_fields_the_role_may_read(api_as: ApiAs, role: Role) -> None:
    person = factories.customer()

    response = api_as(role).get(f"/customers/{person.public_id}")

    assert response.status_code == 200
    assert set(response.json()) == set(readable_fields([role], Customer))


def test_credit_control_does_not_see_the_preferred_language(api_as: ApiAs) -> None:
    # The data map gives the language to customer service and the register manager only.
    assert "preferred_language" not in readable_fields([Role.CREDIT_CONTROL], Customer)
    person = factories.customer()

    body = api_as(Role.CREDIT_CONTROL).get(f"/customers/{person.public_id}").json()

    assert "preferred_language" not in body
    assert "channel" not in body
    assert body["email"] == "aino.aijala@example.fi"
    assert body["last_name"] == "Äijälä"


def test_customer_service_sees_the_record_with_its_values(api_as: ApiAs) -> None:
    person = factories.customer()

    body = api_as(Role.CUSTOMER_SERVICE).get(f"/customers/{person.public_id}").json()

    assert body["public_id"] == str(person.public_id)
    assert body["preferred_language"] == "fi"
    assert body["channel"] == "checkout"
    assert body["phone"] == "+358 40 111 2222"


@pytest.mark.parametrize("role", NON_READERS)
def test_roles_that_may_not_identify_customers_get_403(api_as: ApiAs, role: Role) -> None:
    person = factories.customer()
    caller = api_as(role)

    for response in (
        caller.get(f"/customers/{person.public_id}"),
        caller.get("/customers"),
        caller.post("/customers/search", {"q": "Aino"}),
    ):
        body = assert_json_error(response, 403)
        assert "Aino" not in response.content.decode()
        assert body["code"] == "forbidden"
    denied = AuditEvent.objects.filter(action="security.access_denied", actor_kind="api_client")
    assert denied.count() == 3
    assert all(event.subject == "" and event.categories == [] for event in denied)


def test_reading_a_customer_is_audited_with_the_categories_shown(api_as: ApiAs) -> None:
    person = factories.customer()
    caller = api_as(Role.CREDIT_CONTROL)

    caller.get(f"/customers/{person.public_id}")

    event = AuditEvent.objects.get(action="customer.read")
    assert event.actor_kind == "api_client"
    assert event.actor_ref == str(caller.client.public_id)  # type: ignore[union-attr]
    assert event.actor_roles == "credit_control"
    assert event.subject == str(person.public_id)
    assert set(event.categories) == _categories(
        set(readable_fields([Role.CREDIT_CONTROL], Customer))
    )
    assert "user.demographic.language" not in event.categories


def test_a_list_page_records_one_event_per_person(api_as: ApiAs) -> None:
    people = [factories.customer(email=f"henkilo{n}@example.fi") for n in range(3)]

    response = api_as(Role.CUSTOMER_SERVICE).get("/customers?page_size=2")

    body = response.json()
    assert body["count"] == 3
    assert len(body["items"]) == 2
    events = AuditEvent.objects.filter(action="customer.search.read")
    assert events.count() == 2
    shown = {item["public_id"] for item in body["items"]}
    assert {event.subject for event in events} == shown
    assert shown <= {str(p.public_id) for p in people}


def test_the_second_page_has_the_rest(api_as: ApiAs) -> None:
    for n in range(3):
        factories.customer(email=f"henkilo{n}@example.fi")

    body = api_as(Role.CUSTOMER_SERVICE).get("/customers?page=2&page_size=2").json()

    assert body["page"] == 2
    assert len(body["items"]) == 1


def test_search_finds_by_partial_name_with_finnish_letters(api_as: ApiAs) -> None:
    wanted = factories.customer()
    factories.customer(first_name="Pekka", last_name="Virtanen", email="pekka@example.fi")

    body = api_as(Role.CUSTOMER_SERVICE).post("/customers/search", {"q": "ÄIJÄ"}).json()

    assert [item["public_id"] for item in body["items"]] == [str(wanted.public_id)]


def test_search_by_exact_email(api_as: ApiAs) -> None:
    wanted = factories.customer()
    factories.customer(email="aino.aijala@example.fi.invalid")

    body = (
        api_as(Role.CREDIT_CONTROL)
        .post("/customers/search", {"email": "Aino.Aijala@example.fi"})
        .json()
    )

    assert [item["public_id"] for item in body["items"]] == [str(wanted.public_id)]
    assert set(body["items"][0]) == set(readable_fields([Role.CREDIT_CONTROL], Customer))


def test_unknown_and_malformed_ids_get_404(api_as: ApiAs) -> None:
    caller = api_as(Role.CUSTOMER_SERVICE)

    for path in (
        "/customers/00000000-0000-4000-8000-000000000000",
        "/customers/not-an-id",
        "/customers/00000000-0000-4000-8000-000000000000/orders",
    ):
        body = assert_json_error(caller.get(path), 404)
        assert body["code"] == "not_found"
    assert not AuditEvent.objects.filter(action="customer.read").exists()


# Writes.


def test_customer_service_creates_a_customer(api_as: ApiAs) -> None:
    caller = api_as(Role.CUSTOMER_SERVICE)

    response = caller.post(
        "/customers",
        {
            "channel": "checkout",
            "first_name": "Ville",
            "last_name": "Vallaton",
            "email": "Ville@Example.fi",
        },
    )

    assert response.status_code == 201
    created = Customer.objects.get(public_id=response.json()["public_id"])
    assert created.email == "ville@example.fi"
    assert created.channel == "checkout"
    event = AuditEvent.objects.get(action="customer.create")
    assert event.actor_kind == "api_client"
    assert event.subject == str(created.public_id)


def test_customer_service_corrects_contact_fields(api_as: ApiAs) -> None:
    person = factories.customer()

    response = api_as(Role.CUSTOMER_SERVICE).patch(
        f"/customers/{person.public_id}", {"city": "Vantaa", "phone": "+358 50 999 8888"}
    )

    assert response.status_code == 200
    assert response.json()["city"] == "Vantaa"
    person.refresh_from_db()
    assert (person.city, person.phone) == ("Vantaa", "+358 50 999 8888")
    event = AuditEvent.objects.get(action="customer.update")
    assert set(event.categories) == {"user.contact.address.city", "user.contact.phone_number"}


@pytest.mark.parametrize(
    "role", sorted(CLIENT_ROLES - {r for r in Role if writable_fields([r], Customer)})
)
def test_roles_that_write_nothing_cannot_update_or_create(api_as: ApiAs, role: Role) -> None:
    person = factories.customer()
    caller = api_as(role)

    patched = caller.patch(f"/customers/{person.public_id}", {"city": "Vantaa"})
    created = caller.post("/customers", {"channel": "staff", "first_name": "Ville"})

    assert_json_error(patched, 403)
    assert_json_error(created, 403)
    person.refresh_from_db()
    assert person.city == "Espoo"
    assert Customer.objects.count() == 1


def test_fields_that_are_not_contact_fields_are_refused_and_nothing_saved(
    api_as: ApiAs,
) -> None:
    person = factories.customer()

    with translation.override("en"):
        response = api_as(Role.CUSTOMER_SERVICE).patch(
            f"/customers/{person.public_id}",
            {"city": "Vantaa", "entered_at": "2020-01-01T00:00:00Z"},
        )

    body = assert_json_error(response, 422)
    assert {"field": "entered_at", "code": "extra_forbidden"}.items() <= body["errors"][0].items()
    person.refresh_from_db()
    assert person.city == "Espoo"
    assert not AuditEvent.objects.filter(action="customer.update").exists()


def test_a_field_the_roles_may_not_write_is_refused_and_nothing_saved(
    api_as: ApiAs,
) -> None:
    # A narrower map for this test: customer service may no longer write the phone number.
    person = factories.customer()
    with datamap.extended():
        original = datamap._models[Customer._meta.label]
        phone = replace(original.fields["phone"], write=frozenset({Role.REGISTER_MANAGER}))
        datamap._models[Customer._meta.label] = replace(
            original, fields={**original.fields, "phone": phone}
        )
        assert "phone" not in writable_fields([Role.CUSTOMER_SERVICE], Customer)

        response = api_as(Role.CUSTOMER_SERVICE).patch(
            f"/customers/{person.public_id}", {"city": "Vantaa", "phone": "040 1"}
        )

    body = assert_json_error(response, 403)
    assert body["code"] == "fields_not_writable"
    assert body["fields"] == ["phone"]
    person.refresh_from_db()
    assert (person.city, person.phone) == ("Espoo", "+358 40 111 2222")
    assert not AuditEvent.objects.filter(action="customer.update").exists()


def test_invalid_values_get_422_without_the_value_echoed(api_as: ApiAs) -> None:
    person = factories.customer()
    secret = "salainen.osoite.ei.kelpaa"

    with translation.override("en"):
        response = api_as(Role.CUSTOMER_SERVICE).patch(
            f"/customers/{person.public_id}", {"email": secret, "first_name": "x" * 500}
        )

    body = assert_json_error(response, 422)
    assert secret not in response.content.decode()
    assert "x" * 101 not in response.content.decode()
    assert {error["field"] for error in body["errors"]} == {"first_name"}
    person.refresh_from_db()
    assert person.email == "aino.aijala@example.fi"


def test_a_model_validation_error_names_the_field(api_as: ApiAs) -> None:
    person = factories.customer()
    secret = "ei-osoite"

    response = api_as(Role.CUSTOMER_SERVICE).patch(
        f"/customers/{person.public_id}", {"email": secret}
    )

    body = assert_json_error(response, 422)
    assert [error["field"] for error in body["errors"]] == ["email"]
    assert secret not in response.content.decode()
    person.refresh_from_db()
    assert person.email == "aino.aijala@example.fi"


def test_an_invalid_choice_is_refused_without_quoting_it(api_as: ApiAs) -> None:
    person = factories.customer()

    response = api_as(Role.CUSTOMER_SERVICE).patch(
        f"/customers/{person.public_id}", {"preferred_language": "qq"}
    )

    assert_json_error(response, 422)
    assert "qq" not in response.content.decode()


def test_a_bad_channel_is_refused(api_as: ApiAs) -> None:
    response = api_as(Role.CUSTOMER_SERVICE).post(
        "/customers", {"channel": "somewhere", "first_name": "Ville"}
    )
    body = assert_json_error(response, 422)
    assert body["errors"][0]["field"] == "channel"
    assert not Customer.objects.exists()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(city=st.text(max_size=150))
def test_any_city_is_saved_as_sent_or_refused_never_a_500(api_as: ApiAs, city: str) -> None:
    person = factories.customer()

    response = api_as(Role.CUSTOMER_SERVICE).patch(f"/customers/{person.public_id}", {"city": city})

    assert response.status_code in {200, 422}, response.content[:200]
    person.refresh_from_db()
    if response.status_code == 200:
        assert person.city == response.json()["city"]
    else:
        assert person.city == "Espoo"
        if len(city) > 20:
            assert city not in response.content.decode()


def test_answers_are_not_cached(api_as: ApiAs) -> None:
    person = factories.customer()
    response = api_as(Role.CUSTOMER_SERVICE).get(f"/customers/{person.public_id}")
    assert "no-store" in response["Cache-Control"]


def test_the_full_list_leaves_out_restricted_people_but_a_search_finds_them(
    api_as: ApiAs,
) -> None:
    from rekisteri.consents.models import ChangeSource
    from rekisteri.consents.services import restriction_set

    restricted = factories.customer()
    factories.customer(first_name="Pekka", last_name="Virtanen", email="pekka@example.fi")
    restriction_set(
        actor=factories.SYSTEM, customer=restricted, restricted=True, source=ChangeSource.STAFF
    )
    caller = api_as(Role.CUSTOMER_SERVICE)

    listed = caller.get("/customers").json()
    found = caller.post("/customers/search", {"q": "äijälä"}).json()

    assert [item["last_name"] for item in listed["items"]] == ["Virtanen"]
    assert [item["public_id"] for item in found["items"]] == [str(restricted.public_id)]

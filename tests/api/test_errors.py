"""The API answers every error in JSON: bad JSON, wrong methods, unknown addresses."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rekisteri.access.roles import Role
from rekisteri.audit.models import AuditEvent
from rekisteri.customers.models import Customer
from tests.api import factories
from tests.api.conftest import Caller, assert_json_error

pytestmark = pytest.mark.django_db

ApiAs = Callable[..., Caller]


@pytest.mark.parametrize(
    "raw", ["{", "not json", '{"city": "Vantaa"', "\x00\x01", '{"city": "Vantaa"}}']
)
def test_a_body_that_is_not_json_gets_400_and_changes_nothing(api_as: ApiAs, raw: str) -> None:
    person = factories.customer()

    response = api_as(Role.CUSTOMER_SERVICE).call(
        "PATCH", f"/customers/{person.public_id}", raw=raw
    )

    body = assert_json_error(response, 400)
    assert body["code"] == "bad_json"
    person.refresh_from_db()
    assert person.city == "Espoo"


def test_a_wrong_method_gets_a_json_405(api_as: ApiAs) -> None:
    person = factories.customer()
    caller = api_as(Role.CUSTOMER_SERVICE)

    response = caller.call("DELETE", f"/customers/{person.public_id}")

    assert_json_error(response, 405)
    assert set(response["Allow"].split(", ")) == {"GET", "PATCH"}
    assert Customer.objects.filter(pk=person.pk).exists()


@pytest.mark.parametrize(
    "path", ["/", "/ei-ole", "/customers/", "/v2/customers"], ids=["root", "x", "slash", "v2"]
)
def test_unknown_addresses_get_a_json_404(api_as: ApiAs, path: str) -> None:
    caller = api_as(Role.CUSTOMER_SERVICE)
    response = caller.http.get("/api/v1" + path if path != "/v2/customers" else "/api" + path)
    assert_json_error(response, 404)


def test_the_api_root_answers_json(anonymous: Caller) -> None:
    assert_json_error(anonymous.http.get("/api/v1/"), 404)
    assert_json_error(anonymous.http.get("/api/"), 404)


def test_a_page_number_out_of_range_gets_422(api_as: ApiAs) -> None:
    body = assert_json_error(api_as(Role.CUSTOMER_SERVICE).get("/customers?page=0"), 422)
    assert body["errors"][0]["code"] == "greater_than_equal"
    assert_json_error(api_as(Role.CUSTOMER_SERVICE).get("/customers?page_size=1000"), 422)
    assert_json_error(api_as(Role.CUSTOMER_SERVICE).get("/customers?page=abc"), 422)


def test_an_unknown_search_field_is_not_echoed(api_as: ApiAs) -> None:
    response = api_as(Role.CUSTOMER_SERVICE).post(
        "/customers/search", {"matti.meikalainen@example.fi": "x"}
    )
    body = assert_json_error(response, 422)
    assert "matti" not in response.content.decode()
    assert "field" not in body["errors"][0]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=0, max_size=300))
def test_any_search_text_gets_an_answer_never_a_500(api_as: ApiAs, text: str) -> None:
    caller = api_as(Role.CUSTOMER_SERVICE)
    response = caller.post("/customers/search", {"q": text})
    assert response.status_code in {200, 422}
    assert response["Content-Type"].startswith("application/json")
    if len(text.strip()) > 20:
        # Neither the answer nor the audit log repeats what was searched for.
        assert text not in response.content.decode()
        assert not AuditEvent.objects.filter(detail__contains=text[:20]).exists()


@pytest.mark.parametrize("field", ["city", "first_name"])
def test_text_with_a_nul_character_is_refused(api_as: ApiAs, field: str) -> None:
    person = factories.customer()
    response = api_as(Role.CUSTOMER_SERVICE).patch(
        f"/customers/{person.public_id}", {field: "Van\x00taa"}
    )
    body = assert_json_error(response, 422)
    assert body["errors"][0]["field"] == field
    person.refresh_from_db()
    assert person.city == "Espoo"


def test_a_search_with_a_nul_character_is_refused(api_as: ApiAs) -> None:
    response = api_as(Role.CUSTOMER_SERVICE).post("/customers/search", {"q": "Ai\x00no"})
    assert_json_error(response, 422)

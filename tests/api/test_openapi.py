"""The OpenAPI 3 schema is served to anyone, is well formed, and documents every operation
the API has; ``api_operations()`` lists the same operations for the authorization matrix."""

from __future__ import annotations

import jsonschema
import pytest
from django.urls import resolve

from rekisteri.access.declared import AccessKind, policy_of
from rekisteri.access.roles import Role
from rekisteri.api.policy import CLIENT_ROLES, api_operations

pytestmark = pytest.mark.django_db

SCHEMA_URL = "/api/v1/openapi.json"
METHODS = {"get", "post", "put", "patch", "delete"}


def _schema(client) -> dict:
    response = client.get(SCHEMA_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_the_schema_is_served_without_a_token(client) -> None:
    schema = _schema(client)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Rekisteri integration API"
    assert schema["info"]["version"] == "1"


def test_every_operation_is_in_the_schema_with_bearer_security(client) -> None:
    schema = _schema(client)
    documented = {
        (method.upper(), path): operation
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }
    listed = {(op.method, op.path) for op in api_operations() if not op.public}

    assert set(documented) == listed
    assert len(listed) >= 10
    for operation in documented.values():
        assert operation["operationId"]
        assert "200" in operation["responses"] or "201" in operation["responses"]
        assert {"401", "403"} <= set(operation["responses"])
        assert operation["security"] == [{"ClientToken": []}]
    assert schema["components"]["securitySchemes"]["ClientToken"] == {
        "type": "http",
        "scheme": "bearer",
    }


def test_the_schemas_are_valid_json_schema(client) -> None:
    schema = _schema(client)
    for name, component in schema["components"]["schemas"].items():
        jsonschema.Draft202012Validator.check_schema(component), name


def test_response_fields_are_documented_as_optional(client) -> None:
    customer = _schema(client)["components"]["schemas"]["CustomerOut"]
    assert "email" in customer["properties"]
    assert "required" not in customer
    assert "default" not in customer["properties"]["email"]


def test_the_operations_list_roles_from_the_data_map() -> None:
    operations = {op.operation_id: op for op in api_operations()}
    assert operations["openapi"].public
    assert operations["customer_get"].roles == {
        Role.CUSTOMER_SERVICE,
        Role.REGISTER_MANAGER,
        Role.CREDIT_CONTROL,
    }
    assert operations["consent_grant"].roles == {Role.REGISTER_MANAGER}
    for op in operations.values():
        assert op.roles <= CLIENT_ROLES
        assert op.public or op.roles, op.operation_id


def test_every_api_address_declares_its_access_policy() -> None:
    for op in api_operations():
        path = op.path.replace("{public_id}", "00000000-0000-4000-8000-000000000000")
        path = path.replace("{order_id}", "00000000-0000-4000-8000-000000000001")
        path = path.replace("{channel}", "email")
        policy = policy_of(resolve(path).func)
        assert policy is not None, op.path
        expected = AccessKind.PUBLIC if op.public else AccessKind.API
        assert policy.kind == expected, op.path

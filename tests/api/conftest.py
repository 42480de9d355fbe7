"""API clients and a caller that speaks to the API the way an integration does: JSON bodies
and a bearer token, through the whole site (middleware, URLs, error handling)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from rekisteri.access.roles import Role
from rekisteri.api.models import ApiClient
from rekisteri.api.services import api_client_create
from rekisteri.audit.actors import Actor

API = "/api/v1"


@dataclass
class Caller:
    """One integration client calling the API with its token."""

    http: Client
    token: str
    client: ApiClient | None = None

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        raw: str | None = None,
        language: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        extra: dict[str, str] = {}
        if self.token:
            extra["Authorization"] = f"Bearer {self.token}"
        if language:
            extra["Accept-Language"] = language
        extra.update(headers or {})
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        return self.http.generic(
            method,
            API + path,
            data=data or "",
            content_type="application/json",
            headers=extra,
        )

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.call("POST", path, body, **kwargs)

    def patch(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.call("PATCH", path, body, **kwargs)


@pytest.fixture
def api_as(db, client: Client) -> Callable[..., Caller]:
    """A caller holding a new client's token with the given roles."""
    counter = iter(range(1, 10_000))

    def make(*roles: Role) -> Caller:
        api_client, token = api_client_create(
            actor=Actor.system("test"), name=f"integraatio-{next(counter)}", roles=roles
        )
        return Caller(client, token, api_client)

    return make


@pytest.fixture
def anonymous(client: Client) -> Caller:
    return Caller(client, "")


def assert_json_error(response: Any, status: int) -> dict[str, Any]:
    """The answer is a JSON error with a message and a code, never an HTML page."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["code"], str) and body["code"]
    assert b"<html" not in response.content.lower()
    return body

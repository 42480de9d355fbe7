"""Who is calling: the integration client named by the request's bearer token, and whether
its roles allow the operation.

Each operation gets its own ``ClientToken`` with the roles it requires, so the policy the
authorization matrix reads (``rekisteri.api.policy``) is the very one that is enforced.
Only the ``Authorization`` header counts: a staff member's session cookie is ignored, so a
browser cannot be tricked into calling the API (no cookie, no CSRF).

Refusals are audited: a missing or bad token as a public visitor's attempt, a role without
rights as the client's; neither event names a person.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, NoReturn

from django.http import HttpRequest
from django.utils import timezone
from ninja.security.http import HttpBearer

from rekisteri.access.roles import Role
from rekisteri.api.errors import ApiError, forbidden_message, not_authenticated_message
from rekisteri.api.models import ApiClient
from rekisteri.api.tokens import TOKEN_MAX_LENGTH, TOKEN_PREFIX, token_hash
from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.audit.denials import access_denied_event

RoleRule = Callable[[], frozenset[Role]]

# ``last_used_at`` is refreshed at most this often: a write on every call would cost more
# than the information is worth.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


def client_by_token(token: str) -> ApiClient | None:
    """The active client holding ``token``, or None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > TOKEN_MAX_LENGTH:
        return None
    return ApiClient.objects.filter(token_hash=token_hash(token), is_active=True).first()


def client_actor(client: ApiClient) -> Actor:
    return Actor(ActorKind.API_CLIENT, str(client.public_id), client.role_set)


def request_actor(request: HttpRequest) -> Actor:
    """The actor of an authenticated API request (set by ``ClientToken``)."""
    client = request.auth  # type: ignore[attr-defined]
    assert isinstance(client, ApiClient)
    return client_actor(client)


class ClientToken(HttpBearer):
    """Bearer-token authentication and the role check of one operation."""

    def __init__(self, operation_id: str, roles: RoleRule) -> None:
        super().__init__()
        self.operation_id = operation_id
        self.roles = roles

    def required_roles(self) -> frozenset[Role]:
        return self.roles()

    def __call__(self, request: HttpRequest) -> Any:
        # Parsed here rather than by HttpBearer, which logs a malformed header (the token
        # itself, perhaps) when DEBUG is on.
        scheme, _space, token = request.headers.get(self.header, "").partition(" ")
        if scheme.lower() != self.openapi_scheme or not token.strip():
            self._refuse_unauthenticated(request, "missing_token")
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiClient:
        client = client_by_token(token)
        if client is None:
            self._refuse_unauthenticated(request, "invalid_token")
        if not client.role_set & self.required_roles():
            self._record_refusal(request, client_actor(client), "roles")
            raise ApiError(403, "forbidden", forbidden_message())
        _touch(client)
        return client

    def _refuse_unauthenticated(self, request: HttpRequest, reason: str) -> NoReturn:
        self._record_refusal(request, Actor.public(), reason)
        raise ApiError(401, "not_authenticated", not_authenticated_message())

    def _record_refusal(self, request: HttpRequest, actor: Actor, reason: str) -> None:
        # The same event as a refused staff page, naming the operation.
        access_denied_event(
            actor=actor,
            view=f"api-v1:{self.operation_id}",
            method=request.method or "",
            reason=reason,
        )


def _touch(client: ApiClient) -> None:
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at >= LAST_USED_PRECISION:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now

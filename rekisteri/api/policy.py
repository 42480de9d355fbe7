"""Who may call which API operation, derived from the data map, and the list of every
operation for the authorization matrix test.

``api_operations()`` returns one ``ApiOperation`` per method and path of the integration
API, read from the live ninja API object (so nothing can be added without appearing here):

- ``method``: ``"GET"``, ``"POST"``, ``"PATCH"``…
- ``path``: the full URL path with ninja's placeholders, e.g.
  ``/api/v1/customers/{public_id}/orders``;
- ``operation_id``: the name in the OpenAPI schema;
- ``public``: True for the one operation anyone may call (the OpenAPI schema itself);
- ``roles``: the roles of which a client must hold at least one (empty when public).

Everything else needs an ``Authorization: Bearer <token>`` header of an active client:
without one (or with a bad or revoked one) the answer is 401, and with roles outside
``roles`` it is 403. A staff member's session does not count. Field-level limits apply on
top of this: a client that may call an operation gets only the fields its roles may read.

The role rules are functions of the data map, evaluated when asked, so a change in the map
changes the API's policy with it: reading a customer needs a role that may read the
customer's pseudonymous id (the handle every person-level operation uses; marketing, which
sees no individuals, has none); searching needs the console's search rule; writing needs a
role that may write some contact field; orders need a role that may read an order's link to
its customer; permissions, a role that may read (or write) the permission records.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from rekisteri.access.policy import readable_fields, writable_fields
from rekisteri.access.roles import Role

# The roles an integration client may hold at all. Never the administrator's: separation of
# duties keeps that role away from customers' data, and an integration has no use for it.
CLIENT_ROLES = frozenset(Role) - {Role.ADMINISTRATOR}


def readers_of(model: type[models.Model], field: str | None = None) -> frozenset[Role]:
    """Client roles that may read ``field`` of ``model`` (any of its fields when None)."""
    return frozenset(
        role
        for role in CLIENT_ROLES
        if (field in readable_fields([role], model) if field else readable_fields([role], model))
    )


def writers_of(model: type[models.Model], field: str | None = None) -> frozenset[Role]:
    """Client roles that may write ``field`` of ``model`` (any of its fields when None)."""
    return frozenset(
        role
        for role in CLIENT_ROLES
        if (field in writable_fields([role], model) if field else writable_fields([role], model))
    )


def customer_search_roles() -> frozenset[Role]:
    """Client roles that may search customers: the staff console's rule (reading every field
    the search matches on, and the pseudonymous id)."""
    from rekisteri.customers.selectors import customer_search_roles as console_rule

    return console_rule() & CLIENT_ROLES


@dataclass(frozen=True)
class ApiOperation:
    method: str
    path: str
    operation_id: str
    public: bool
    roles: frozenset[Role]


def api_operations() -> list[ApiOperation]:
    """Every operation of the integration API with the roles it requires."""
    from rekisteri.api.auth import ClientToken
    from rekisteri.api.endpoints import API_PREFIX, api

    found = []
    for router in api._get_bound_routers():
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                tokens = [c for c in operation.auth_callbacks if isinstance(c, ClientToken)]
                roles = frozenset().union(*(t.required_roles() for t in tokens))
                for method in operation.methods:
                    found.append(
                        ApiOperation(
                            method=method,
                            path=API_PREFIX + router.prefix + path,
                            operation_id=operation.operation_id or "",
                            public=not operation.auth_callbacks,
                            roles=roles,
                        )
                    )
    if api.openapi_url:
        found.append(
            ApiOperation("GET", API_PREFIX + api.openapi_url, "openapi", True, frozenset())
        )
    return sorted(found, key=lambda op: (op.path, op.method))

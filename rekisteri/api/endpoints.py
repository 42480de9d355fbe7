"""The integration API, version 1: customers, their orders and their marketing permissions.

Views are thin: the operation's ``ClientToken`` has already checked the token and the roles
(``rekisteri.api.policy``); each view parses its input, reads through an audited selector or
writes through the same service the staff console uses, with the client as the actor.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query
from ninja.responses import Status

from rekisteri.access.policy import writable_fields
from rekisteri.api import selectors
from rekisteri.api.auth import ClientToken, request_actor
from rekisteri.api.errors import ApiError, install_handlers, not_found_message
from rekisteri.api.policy import customer_search_roles, readers_of, writers_of
from rekisteri.api.schemas import (
    ConsentChangeOut,
    ConsentGrantIn,
    ConsentsOut,
    ConsentWithdrawIn,
    ContactIn,
    CustomerCreateIn,
    CustomerOut,
    CustomerPage,
    CustomerSearchIn,
    ErrorOut,
    OrderOut,
)
from rekisteri.audit.actors import Actor
from rekisteri.consents.models import ChangeSource, ConsentRecord, MarketingChannel, PermissionText
from rekisteri.consents.services import consent_grant, consent_withdraw
from rekisteri.customers.models import Channel, Customer
from rekisteri.customers.services import CONTACT_FIELDS, customer_create, customer_update
from rekisteri.orders.models import Order

API_PREFIX = "/api/v1"

api = NinjaAPI(
    title="Rekisteri integration API",
    version="1",
    description=(
        "For a shop front or an ERP: customers, their orders and their marketing "
        "permissions. Every call needs the header `Authorization: Bearer <token>` of an "
        "API client; the client's roles decide, field by field from the register's data "
        "map, what it may read and write, and every read of a person's data is recorded "
        "in the audit log. Errors are JSON objects with `detail` (a message in the "
        "language of `Accept-Language`, Finnish by default) and `code`."
    ),
    urls_namespace="api-v1",
    # The interactive docs page would load its scripts from a CDN; the schema is enough.
    docs_url=None,
)

# Every operation may answer these; the body is always ``ErrorOut``.
_ERRORS: dict[int, Any] = {code: ErrorOut for code in (400, 401, 403, 404, 405, 422)}
install_handlers(
    api,
    known_fields={
        *selectors.CUSTOMER_FIELDS,
        *CustomerCreateIn.model_fields,
        *CustomerSearchIn.model_fields,
        *ConsentGrantIn.model_fields,
    },
)


def _customer(public_id: str) -> Customer:
    customer = selectors.customer_get(public_id)
    if customer is None:
        raise ApiError(404, "not_found", not_found_message())
    return customer


def _check_writable(actor: Actor, given: dict[str, Any]) -> None:
    refused = sorted(set(given) - set(writable_fields(actor.roles, Customer)))
    if refused:
        raise ApiError(
            403,
            "fields_not_writable",
            _("The API client's roles do not allow changing these fields."),
            {"fields": refused},
        )


# Customers.


@api.get(
    "/customers",
    auth=ClientToken("customer_list", lambda: readers_of(Customer, "public_id")),
    response={200: CustomerPage, **_ERRORS},
    operation_id="customer_list",
    exclude_unset=True,
    tags=["customers"],
)
def customer_list(
    request: HttpRequest,
    page: int = Query(1, ge=1, le=100_000),
    page_size: int = Query(25, ge=1, le=100),
) -> Any:
    """Customers by name, a page at a time (at most 100 a page)."""
    search = CustomerSearchIn(q="", email="", page=page, page_size=page_size)
    return _customer_page(request, search)


@api.post(
    "/customers/search",
    auth=ClientToken("customer_search", customer_search_roles),
    response={200: CustomerPage, **_ERRORS},
    operation_id="customer_search",
    exclude_unset=True,
    tags=["customers"],
)
def customer_search(request: HttpRequest, search: CustomerSearchIn) -> Any:
    """Find customers by name, email address or phone number."""
    return _customer_page(request, search)


def _customer_page(request: HttpRequest, search: CustomerSearchIn) -> dict[str, Any]:
    count, rows = selectors.customer_page_read(
        actor=request_actor(request),
        page=search.page,
        page_size=search.page_size,
        words=search.q,
        email=search.email,
    )
    return {"count": count, "page": search.page, "page_size": search.page_size, "items": rows}


@api.post(
    "/customers",
    auth=ClientToken("customer_create", lambda: writers_of(Customer)),
    response={201: CustomerOut, **_ERRORS},
    operation_id="customer_create",
    exclude_unset=True,
    tags=["customers"],
)
def customer_create_view(request: HttpRequest, payload: CustomerCreateIn) -> Any:
    """Enter a new customer into the register."""
    actor = request_actor(request)
    given = payload.model_dump(exclude_unset=True, exclude={"channel"})
    _check_writable(actor, given)
    customer = customer_create(actor=actor, channel=Channel(payload.channel), **given)
    return Status(201, selectors.customer_read(actor=actor, customer=customer))


@api.get(
    "/customers/{public_id}",
    auth=ClientToken("customer_get", lambda: readers_of(Customer, "public_id")),
    response={200: CustomerOut, **_ERRORS},
    operation_id="customer_get",
    exclude_unset=True,
    tags=["customers"],
)
def customer_get(request: HttpRequest, public_id: str) -> Any:
    """One customer."""
    actor = request_actor(request)
    return selectors.customer_read(actor=actor, customer=_customer(public_id))


@api.patch(
    "/customers/{public_id}",
    auth=ClientToken("customer_update", lambda: writers_of(Customer)),
    response={200: CustomerOut, **_ERRORS},
    operation_id="customer_update",
    exclude_unset=True,
    tags=["customers"],
)
def customer_update_view(request: HttpRequest, public_id: str, payload: ContactIn) -> Any:
    """Correct a customer's contact data; only the fields sent are changed."""
    actor = request_actor(request)
    customer = _customer(public_id)
    changes = payload.model_dump(exclude_unset=True)
    _check_writable(actor, changes)
    assert set(changes) <= set(CONTACT_FIELDS)
    customer_update(actor=actor, customer=customer, **changes)
    return selectors.customer_read(actor=actor, customer=customer)


# Orders.


@api.get(
    "/customers/{public_id}/orders",
    auth=ClientToken("customer_orders", lambda: readers_of(Order, "customer")),
    response={200: list[OrderOut], **_ERRORS},
    operation_id="customer_orders",
    exclude_unset=True,
    tags=["orders"],
)
def customer_orders(request: HttpRequest, public_id: str) -> Any:
    """The customer's orders, newest first, with their lines."""
    actor = request_actor(request)
    return selectors.customer_orders_read(actor=actor, customer=_customer(public_id))


@api.get(
    "/customers/{public_id}/orders/{order_id}",
    auth=ClientToken("customer_order", lambda: readers_of(Order, "customer")),
    response={200: OrderOut, **_ERRORS},
    operation_id="customer_order",
    exclude_unset=True,
    tags=["orders"],
)
def customer_order(request: HttpRequest, public_id: str, order_id: str) -> Any:
    """One of the customer's orders."""
    actor = request_actor(request)
    row = selectors.customer_order_read(
        actor=actor, customer=_customer(public_id), order_id=order_id
    )
    if row is None:
        raise ApiError(404, "not_found", not_found_message())
    return row


# Marketing permissions.


def _channel(value: str) -> MarketingChannel:
    if value not in MarketingChannel.values:
        raise ApiError(404, "not_found", not_found_message())
    return MarketingChannel(value)


@api.get(
    "/customers/{public_id}/consents",
    auth=ClientToken("customer_consents", lambda: readers_of(ConsentRecord, "action")),
    response={200: ConsentsOut, **_ERRORS},
    operation_id="customer_consents",
    exclude_unset=True,
    tags=["consents"],
)
def customer_consents(request: HttpRequest, public_id: str) -> Any:
    """The customer's current marketing permissions, prohibition and restriction."""
    actor = request_actor(request)
    return selectors.customer_consents_read(actor=actor, customer=_customer(public_id))


@api.post(
    "/customers/{public_id}/consents/{channel}/grant",
    auth=ClientToken("consent_grant", lambda: writers_of(ConsentRecord, "action")),
    response={200: ConsentChangeOut, **_ERRORS},
    operation_id="consent_grant",
    tags=["consents"],
)
def consent_grant_view(
    request: HttpRequest, public_id: str, channel: str, payload: ConsentGrantIn
) -> Any:
    """Record a permission the person gave, with the text version they were shown."""
    actor = request_actor(request)
    customer = _customer(public_id)
    marketing_channel = _channel(channel)
    text = PermissionText.objects.filter(
        channel=marketing_channel, language=payload.text_language, version=payload.text_version
    ).first()
    if text is None:
        raise ApiError(
            422,
            "unknown_text",
            _("There is no such version of this channel's permission text."),
        )
    record = consent_grant(
        actor=actor,
        customer=customer,
        channel=marketing_channel,
        source=ChangeSource(payload.source),
        text_version=text,
    )
    return {"channel": marketing_channel.value, "granted": True, "recorded": record is not None}


@api.post(
    "/customers/{public_id}/consents/{channel}/withdraw",
    auth=ClientToken("consent_withdraw", lambda: writers_of(ConsentRecord, "action")),
    response={200: ConsentChangeOut, **_ERRORS},
    operation_id="consent_withdraw",
    tags=["consents"],
)
def consent_withdraw_view(
    request: HttpRequest, public_id: str, channel: str, payload: ConsentWithdrawIn
) -> Any:
    """Record that the person withdrew (or refused) a permission."""
    actor = request_actor(request)
    customer = _customer(public_id)
    marketing_channel = _channel(channel)
    record = consent_withdraw(
        actor=actor,
        customer=customer,
        channel=marketing_channel,
        source=ChangeSource(payload.source),
    )
    return {"channel": marketing_channel.value, "granted": False, "recorded": record is not None}

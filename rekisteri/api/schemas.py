"""The API's request and response shapes, as the OpenAPI schema documents them.

Responses hold only the fields the client's roles may read: every personal field is
optional in the schema, and a field the client may not read is absent from the JSON (not
null). The views return plain dicts holding just those keys and dump them with
``exclude_unset``, so a field can never appear by default.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.db import models
from ninja import Schema
from pydantic import ConfigDict, Field, field_validator

from rekisteri.consents.models import ChangeSource
from rekisteri.consents.services import GRANT_SOURCES, WITHDRAW_SOURCES
from rekisteri.customers.models import Channel, Customer

READABLE_NOTE = "Present only when the client's roles may read it (the data map decides)."


def _drop_defaults(schema: dict[str, Any]) -> None:
    # The placeholder defaults are never sent (the field is absent instead): do not
    # document them.
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)


class Readable(Schema):
    """A response object whose personal fields are present only when readable."""

    model_config = ConfigDict(json_schema_extra=_drop_defaults)


def _max(name: str) -> int:
    field = Customer._meta.get_field(name)
    assert isinstance(field, models.Field)
    assert field.max_length is not None
    return field.max_length


def readable(description: str = READABLE_NOTE) -> Any:
    """A response field that is absent when the client may not read it."""
    return Field(None, description=description)


def optional_input(max_length: int) -> Any:
    """A request field that may be left out (it is then not changed)."""
    return Field(None, max_length=max_length)


class CustomerOut(Readable):
    public_id: uuid.UUID = readable("The customer's pseudonymous id. " + READABLE_NOTE)
    first_name: str = readable()
    last_name: str = readable()
    street_address: str = readable()
    postal_code: str = readable()
    city: str = readable()
    country: str = readable()
    phone: str = readable()
    email: str = readable()
    preferred_language: str = readable()
    channel: str = readable()
    entered_at: datetime.datetime = readable()
    last_active_at: datetime.datetime = readable()


class CustomerPage(Schema):
    count: int = Field(description="How many customers match in all.")
    page: int
    page_size: int
    items: list[CustomerOut]


class Input(Schema):
    """A request body: unknown fields are refused, and so is text no database can store."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("contains a NUL character")
        return value


class CustomerSearchIn(Input):
    """Every word of ``q`` must be found in a name, email address or phone number (partial,
    case-insensitive); ``email`` must match exactly. The search is sent in the body so that
    nothing personal ends up in URLs or access logs."""

    q: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(25, ge=1, le=100)


class ContactIn(Input):
    """Contact fields a client may write (those its roles may write, per the data map)."""

    first_name: str = optional_input(_max("first_name"))
    last_name: str = optional_input(_max("last_name"))
    street_address: str = optional_input(_max("street_address"))
    postal_code: str = optional_input(_max("postal_code"))
    city: str = optional_input(_max("city"))
    country: str = optional_input(_max("country"))
    phone: str = optional_input(_max("phone"))
    email: str = optional_input(_max("email"))
    preferred_language: str = optional_input(_max("preferred_language"))


class CustomerCreateIn(ContactIn):
    channel: Channel = Field(description="How the person entered the register.")


class OrderLineOut(Readable):
    product_code: str = readable()
    product_name: str = readable()
    unit_price_cents: int = readable()
    vat_rate: Decimal = readable()
    quantity: int = readable()


class OrderOut(Readable):
    public_id: uuid.UUID = Field(description="The order's id.")
    customer: uuid.UUID = readable()
    number: int = readable()
    status: str = readable()
    payment_method: str = readable()
    payment_reference: str = readable()
    language: str = readable()
    total_cents: int = readable()
    vat_cents: int = readable()
    placed_at: datetime.datetime = readable()
    paid_at: datetime.datetime | None = readable()
    cancelled_at: datetime.datetime | None = readable()
    delivery_first_name: str = readable()
    delivery_last_name: str = readable()
    delivery_street_address: str = readable()
    delivery_postal_code: str = readable()
    delivery_city: str = readable()
    delivery_country: str = readable()
    delivery_phone: str = readable()
    lines: list[OrderLineOut] = readable()


class ChannelStateOut(Readable):
    channel: str = readable()
    granted: bool = readable(
        "Whether the newest record of the channel is a grant. " + READABLE_NOTE
    )
    source: str | None = readable()
    recorded_at: datetime.datetime | None = readable()
    text_language: str | None = readable()
    text_version: int | None = readable()


class ConsentsOut(Readable):
    channels: list[ChannelStateOut]
    marketing_prohibited: bool = readable()
    restricted: bool = readable()


class ConsentGrantIn(Input):
    """A permission the person gave, and the exact text version they were shown."""

    source: ChangeSource = Field(
        description="Where the person gave it: " + ", ".join(sorted(GRANT_SOURCES))
    )
    text_language: str = Field(max_length=8)
    text_version: int = Field(ge=1, le=1_000_000)

    @field_validator("source")
    @classmethod
    def _grant_source(cls, value: ChangeSource) -> ChangeSource:
        if value not in GRANT_SOURCES:
            raise ValueError("not a source of grants")
        return value


class ConsentWithdrawIn(Input):
    source: ChangeSource = Field(
        description="Where the person withdrew it: " + ", ".join(sorted(WITHDRAW_SOURCES))
    )

    @field_validator("source")
    @classmethod
    def _withdraw_source(cls, value: ChangeSource) -> ChangeSource:
        if value not in WITHDRAW_SOURCES:
            raise ValueError("not a source of withdrawals")
        return value


class ConsentChangeOut(Schema):
    channel: str
    granted: bool = Field(description="The channel's permission after the change.")
    recorded: bool = Field(description="False when nothing changed (already in that state).")


class ErrorOut(Schema):
    detail: str = Field(description="A message for people, in the request's language.")
    code: str = Field(description="A code for programs.")
    errors: list[dict[str, Any]] = readable(
        "For invalid input: the field (when it is one of ours), a code and a message for "
        "each problem."
    )

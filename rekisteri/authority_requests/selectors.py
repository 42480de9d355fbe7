"""Reads of authority requests by the register manager, and the scope choices.

The scope a request may name is derived from the data map: the sub-registers that hold rows
about a customer and the categories of their fields. Every read of a request shows personal
data of the person it concerns (that an authority asked about them, and for the detail page
their name and address), so each is recorded in the audit log per person; the events carry
the request's id, which lets the access log hold them back while the authority's
do-not-inform date has not come (``access_log_hidden``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction

from rekisteri.access.policy import readable_fields
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.audit.services import EventSpec, audit_record, audit_record_many
from rekisteri.authority_requests.datamap import (
    AUTHORITY_REQUESTS_PURPOSE,
    NEVER_IN_SCOPE,
    authority_requests_shown,
)
from rekisteri.authority_requests.models import AuthorityRequest
from rekisteri.customers.models import Customer
from rekisteri.privacy.access_package import PackageScope
from rekisteri.privacy.datamap import MappedField, datamap
from rekisteri.privacy.datamap.categories import category as category_of
from rekisteri.privacy.subjects import subject_model_maps

REQUESTS_PER_PAGE = 50
LIST_FIELDS = ("received_at", "authority", "reference", "decision", "status")
DETAIL_FIELDS = (
    "received_at",
    "authority",
    "legal_basis",
    "reference",
    "do_not_inform_until",
    "decision",
    "reason",
    "status",
    "recorded_at",
    "reviewed_at",
    "review_note",
    "package_digest",
)
PERSON_FIELDS = ("first_name", "last_name", "email")
ACTION_PREFIX = "authority_request."


@dataclass(frozen=True)
class Shown:
    name: str
    label: Any
    value: Any


@dataclass(frozen=True)
class RequestRow:
    public_id: uuid.UUID
    fields: list[Shown]


@dataclass(frozen=True)
class RequestView:
    request: AuthorityRequest
    fields: list[Shown]
    person: list[Shown]
    scope_subregisters: list[str]
    scope_categories: list[str]


# The scope's choices.


def _scope_fields() -> list[MappedField]:
    return [
        field
        for model_map in subject_model_maps()
        for field in model_map.mapped_fields()
        if field.subregister.key not in NEVER_IN_SCOPE
    ]


def scope_subregister_choices() -> list[tuple[str, str]]:
    """The sub-registers holding data about customers, in the data map's order."""
    found = {field.subregister.key: field.subregister for field in _scope_fields()}
    ordered = sorted(found.values(), key=lambda s: (s.order, s.key))
    return [(s.key, str(s.title)) for s in ordered]


def scope_category_choices() -> list[tuple[str, str]]:
    """The data categories of those sub-registers' fields."""
    keys = sorted({field.personal.category for field in _scope_fields()})
    return [(key, str(category_of(key).title)) for key in keys]


def request_scope(request: AuthorityRequest) -> PackageScope:
    return PackageScope(
        subregisters=frozenset(request.scope_subregisters),
        categories=frozenset(request.scope_categories),
        never=NEVER_IN_SCOPE,
    )


# Reads.


def authority_request_get(public_id: uuid.UUID) -> AuthorityRequest | None:
    """The request, for a service to act on (nothing shown, nothing audited)."""
    return AuthorityRequest.objects.select_related("customer").filter(public_id=public_id).first()


def authority_request_page_read(
    *, actor: Actor, page_number: Any = 1
) -> tuple[Page[Any], list[RequestRow]]:
    queryset = AuthorityRequest.objects.select_related("customer").order_by("-received_at", "-pk")
    page = Paginator(queryset, REQUESTS_PER_PAGE).get_page(page_number)
    names = _readable(actor, AuthorityRequest, LIST_FIELDS)
    rows = [RequestRow(r.public_id, _shown(r, names)) for r in page.object_list]
    _record_reads(actor, "authority_request.list_read", list(page.object_list), names, [])
    return page, rows


def authority_request_read(*, actor: Actor, public_id: uuid.UUID) -> RequestView | None:
    request = authority_request_get(public_id)
    if request is None:
        return None
    names = _readable(actor, AuthorityRequest, DETAIL_FIELDS)
    person_names = _readable(actor, Customer, PERSON_FIELDS) if request.customer is not None else []
    _record_reads(actor, "authority_request.read", [request], names, person_names)
    subregister_titles = dict(scope_subregister_choices())
    category_titles = dict(scope_category_choices())
    return RequestView(
        request=request,
        fields=_shown(request, names),
        person=_shown(request.customer, person_names) if request.customer else [],
        scope_subregisters=[subregister_titles.get(k, k) for k in request.scope_subregisters],
        scope_categories=[category_titles.get(k, k) for k in request.scope_categories],
    )


def authority_request_package_read(*, actor: Actor, request: AuthorityRequest) -> dict[str, Any]:
    """The approved disclosure package, to hand to the authority; each download is
    recorded with the categories it holds."""
    assert request.package is not None
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="authority_request.package_download",
            subject=_subject(request),
            categories=package_categories(request.package["package"]),
            purpose=AUTHORITY_REQUESTS_PURPOSE.key,
            detail={"request": str(request.public_id)},
        )
    return dict(request.package)


def package_categories(package: dict[str, Any]) -> list[str]:
    """The data categories of the fields an access package holds."""
    found = {
        field["category"]
        for subregister in package["subregisters"]
        for record in subregister["records"]
        for field in record["fields"]
    }
    if package["disclosures"]:
        found.add("user.disclosure_history")
    return sorted(found)


# The person's access log.


def access_log_hidden(customer: Customer) -> Callable[[AuditEvent], bool]:
    """Which of the person's audit events to leave out of their access log for now: those
    about a request they may not yet be told of."""
    requests = AuthorityRequest.objects.filter(customer=customer)
    hidden = set(
        str(public_id)
        for public_id in requests.exclude(
            pk__in=authority_requests_shown(requests).values("pk")
        ).values_list("public_id", flat=True)
    )

    def hide(event: AuditEvent) -> bool:
        return (
            bool(hidden)
            and event.action.startswith(ACTION_PREFIX)
            and str(event.detail.get("request")) in hidden
        )

    return hide


# Helpers.


def _subject(request: AuthorityRequest) -> str:
    return str(request.customer.public_id) if request.customer else ""


def _readable(actor: Actor, model: type[Any], names: Iterable[str]) -> list[str]:
    allowed = set(readable_fields(actor.roles, model))
    return [name for name in names if name in allowed]


def _shown(row: Any, names: list[str]) -> list[Shown]:
    return [
        Shown(
            name,
            getattr(row._meta.get_field(name), "verbose_name", name),
            _display(row, name),
        )
        for name in names
    ]


def _display(row: Any, name: str) -> Any:
    display = getattr(row, f"get_{name}_display", None)
    return display() if callable(display) else getattr(row, name)


def _record_reads(
    actor: Actor,
    action: str,
    requests: list[AuthorityRequest],
    names: list[str],
    person_names: list[str],
) -> None:
    if not requests or not (names or person_names):
        return
    categories = datamap.categories(AuthorityRequest, names) + datamap.categories(
        Customer, person_names
    )
    audit_record_many(
        actor=actor,
        events=[
            EventSpec(
                action=action,
                subject=_subject(request),
                categories=categories,
                purpose=AUTHORITY_REQUESTS_PURPOSE.key,
                detail={"request": str(request.public_id)},
            )
            for request in requests
        ],
    )

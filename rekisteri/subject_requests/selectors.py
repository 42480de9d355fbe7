"""Staff reads of the data-subject request queue. Each shows only the fields the data map lets
the reader's roles see, and records in the audit log whose requests were read (categories,
never values), one event per person shown."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db import models
from django.utils.text import capfirst

from rekisteri.access.policy import readable_fields
from rekisteri.audit.actors import Actor
from rekisteri.audit.services import EventSpec, audit_record_many
from rekisteri.customers.models import Customer
from rekisteri.privacy.datamap import datamap
from rekisteri.subject_requests.datamap import DATA_SUBJECT_RIGHTS
from rekisteri.subject_requests.deadlines import DUE_SOON_DAYS, today
from rekisteri.subject_requests.models import RequestStatus, SubjectRequest

REQUESTS_PER_PAGE = 50
LIST_FIELDS = ("kind", "channel", "received_on", "deadline", "status")
DETAIL_FIELDS = (
    "kind",
    "channel",
    "received_on",
    "entered_at",
    "due_on",
    "deadline",
    "extended_months",
    "extension_reason",
    "extension_informed_at",
    "status",
    "identity_check_note",
    "staff_notes",
    "corrected_fields",
    "refusal_reasons",
    "outcome_note",
    "executed_at",
    "closed_at",
)
CUSTOMER_FIELDS = ("first_name", "last_name", "email", "phone")

# The queue's filters: the open requests (the default), all, or one status.
OPEN = "open"
ALL = "all"
FILTERS = (OPEN, ALL, *RequestStatus.values)


@dataclass(frozen=True)
class Shown:
    name: str
    label: Any
    value: Any


@dataclass(frozen=True)
class Urgency:
    """How close the deadline is, in words as well as in colour."""

    overdue_days: int = 0  # > 0: the deadline has passed
    due_in_days: int | None = None  # 0…7: due soon

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0

    @property
    def due_soon(self) -> bool:
        return self.due_in_days is not None


def urgency_of(request: SubjectRequest, on: datetime.date | None = None) -> Urgency:
    if not request.is_open:
        return Urgency()
    days_left = (request.deadline - (on or today())).days
    if days_left < 0:
        return Urgency(overdue_days=-days_left)
    if days_left <= DUE_SOON_DAYS:
        return Urgency(due_in_days=days_left)
    return Urgency()


@dataclass(frozen=True)
class QueueRow:
    number: int
    subject: str
    fields: list[Shown]
    urgency: Urgency


@dataclass(frozen=True)
class RequestView:
    request: SubjectRequest
    fields: list[Shown]
    customer_fields: list[Shown]
    urgency: Urgency


def request_get(pk: int) -> SubjectRequest | None:
    """The request itself, for a service to act on (nothing is shown, so nothing audited)."""
    return SubjectRequest.objects.select_related("customer").filter(pk=pk).first()


def queue_page_read(
    *, actor: Actor, status_filter: str = OPEN, page_number: Any = 1
) -> tuple[Page[Any], list[QueueRow]]:
    """One page of the queue, the nearest deadline first; ``status_filter`` is one of
    ``FILTERS`` (the caller has checked it)."""
    queryset = SubjectRequest.objects.all()
    if status_filter == OPEN:
        queryset = queryset.filter(closed_at__isnull=True)
    elif status_filter != ALL:
        queryset = queryset.filter(status=status_filter)
    page = Paginator(queryset.order_by("deadline", "pk"), REQUESTS_PER_PAGE).get_page(page_number)
    requests = list(page.object_list)
    names = _readable(actor, SubjectRequest, LIST_FIELDS)
    rows = [
        QueueRow(request.pk, request.subject, _shown(request, names), urgency_of(request))
        for request in requests
    ]
    _record_read(actor, [(request, _categories(SubjectRequest, names)) for request in requests])
    return page, rows


def request_read(*, actor: Actor, pk: int) -> RequestView | None:
    """One request with the person's name and contact data the reader may see."""
    request = request_get(pk)
    if request is None:
        return None
    names = _readable(actor, SubjectRequest, DETAIL_FIELDS)
    customer = request.customer
    customer_names = _readable(actor, Customer, CUSTOMER_FIELDS) if customer else []
    categories = _categories(SubjectRequest, names) + _categories(Customer, customer_names)
    _record_read(actor, [(request, categories)])
    return RequestView(
        request,
        _shown(request, names),
        _shown(customer, customer_names) if customer else [],
        urgency_of(request),
    )


def _readable(actor: Actor, model: type[models.Model], names: tuple[str, ...]) -> list[str]:
    allowed = set(readable_fields(actor.roles, model))
    return [name for name in names if name in allowed]


def _shown(row: models.Model, names: list[str]) -> list[Shown]:
    shown = []
    for name in names:
        value = getattr(row, name)
        if name == "corrected_fields":
            value = [_customer_field_label(code) for code in value]
        display = getattr(row, f"get_{name}_display", None)
        shown.append(
            Shown(
                name,
                getattr(row._meta.get_field(name), "verbose_name", name),
                display() if display else value,
            )
        )
    return shown


def _customer_field_label(code: str) -> Any:
    try:
        return capfirst(getattr(Customer._meta.get_field(code), "verbose_name", code))
    except FieldDoesNotExist:
        return code


def _categories(model: type[models.Model], names: list[str]) -> list[str]:
    return sorted(datamap.categories(model, names))


def _record_read(actor: Actor, shown: list[tuple[SubjectRequest, list[str]]]) -> None:
    events = [
        EventSpec(
            action="subject_request.read",
            subject=request.subject,
            categories=categories,
            purpose=DATA_SUBJECT_RIGHTS.key,
            detail={"request": request.pk},
        )
        for request, categories in shown
        if categories
    ]
    if events:
        audit_record_many(actor=actor, events=events)

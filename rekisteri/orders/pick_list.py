"""What the warehouse reads: the pick list of paid orders waiting to go out, and the
shipments on their way (seed S18: each role sees only what its work needs).

The data map lets the warehouse read an order's number, status and dates, its lines and where
it goes; nothing else of an order (not the customer, the email address, the amounts or the
payment) is even loaded: the queries name their columns with ``.values()``. Each read is one
audit event naming the kinds of data, the purpose and the orders shown, by id.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from rekisteri.access.policy import may_read
from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.audit.services import EventSpec, audit_record_many
from rekisteri.orders.models import Order, OrderLine, OrderStatus, Shipment, ShipmentStatus
from rekisteri.privacy.datamap import datamap, purposes

PICK_LIST_ROLES = frozenset({Role.WAREHOUSE})
# Orders the goods may go out for: paid, or bought on the shop's own credit.
SHIPPABLE_ORDER_STATUSES = (OrderStatus.PAID, OrderStatus.INVOICED)

FieldRef = tuple[type[models.Model], str]

_PICK_ORDER_FIELDS = (
    "number",
    "delivery_first_name",
    "delivery_last_name",
    "delivery_street_address",
    "delivery_postal_code",
    "delivery_city",
    "delivery_country",
    "delivery_phone",
)
_PICK_LINE_FIELDS = ("product_code", "product_name", "quantity")
PICK_LIST_FIELDS: tuple[FieldRef, ...] = (
    *((Order, name) for name in _PICK_ORDER_FIELDS),
    *((OrderLine, name) for name in _PICK_LINE_FIELDS),
    (Shipment, "status"),
)
SHIPPED_LIST_FIELDS: tuple[FieldRef, ...] = (
    (Order, "number"),
    (Shipment, "status"),
    (Shipment, "carrier"),
    (Shipment, "tracking_code"),
    (Shipment, "shipped_at"),
)


@dataclass(frozen=True)
class PickLine:
    product_code: str
    product_name: str
    quantity: int


@dataclass(frozen=True)
class PickRow:
    """One order to pack: where it goes and what is in it, nothing more."""

    shipment_id: int
    order_number: int | None
    delivery_name: str
    street_address: str
    postal_code: str
    city: str
    country: str
    phone: str
    lines: tuple[PickLine, ...]


@dataclass(frozen=True)
class ShippedRow:
    """A shipment on its way, to be marked delivered."""

    shipment_id: int
    order_number: int | None
    carrier: str
    tracking_code: str
    shipped_at: datetime.datetime | None


def read_categories(
    actor: Actor, fields: Iterable[FieldRef], *, roles: frozenset[Role]
) -> list[str]:
    """The data categories of ``fields``, after checking that the actor holds one of
    ``roles`` and that the data map lets the actor's roles read every one of the fields;
    PermissionDenied otherwise."""
    if not roles & actor.roles:
        raise PermissionDenied(_("Your roles do not allow this page."))
    categories = []
    for model, name in fields:
        mapped = datamap.field(model, name)
        if mapped is None or not may_read(actor.roles, model, name):
            raise PermissionDenied(_("Your roles do not allow reading this data."))
        categories.append(mapped.personal.category)
    return sorted(set(categories))


def _record_read(
    actor: Actor, *, action: str, categories: Sequence[str], rows: Sequence[Mapping[str, Any]]
) -> None:
    """One event per order shown, naming its customer by pseudonymous id, so each person's
    "who has looked" page and the audit review show the warehouse's reads (L24)."""
    audit_record_many(
        actor=actor,
        events=[
            EventSpec(
                action=action,
                subject=str(row["order__customer__public_id"] or ""),
                categories=categories,
                purpose=purposes.ORDER_DELIVERY.key,
                detail={"order": str(row["order_id"])},
            )
            for row in rows
        ],
    )


def waiting_count() -> int:
    """How many shipments wait to go out (a count: no personal data)."""
    return Shipment.objects.filter(
        status=ShipmentStatus.WAITING, order__status__in=SHIPPABLE_ORDER_STATUSES
    ).count()


def pick_list(*, actor: Actor, limit: int | None = None) -> list[PickRow]:
    """The shipments waiting to go out for paid or invoiced orders, oldest first (the
    ``limit`` oldest when given), with the delivery address and the lines. Two queries,
    however many orders; the read is audited."""
    categories = read_categories(actor, PICK_LIST_FIELDS, roles=PICK_LIST_ROLES)
    waiting = {
        "status": ShipmentStatus.WAITING,
        "order__status__in": SHIPPABLE_ORDER_STATUSES,
    }
    with transaction.atomic():
        oldest = (
            Shipment.objects.filter(**waiting)
            .order_by("created_at", "pk")
            .values(
                "pk",
                "order_id",
                "order__customer__public_id",
                *(f"order__{name}" for name in _PICK_ORDER_FIELDS),
            )
        )
        shipments = list(oldest if limit is None else oldest[:limit])
        # Without a limit, the same filter through the join, rather than a list of ids that
        # grows with the backlog; with one, the page's own orders.
        line_rows = (
            OrderLine.objects.filter(**{f"order__shipment__{k}": v for k, v in waiting.items()})
            if limit is None
            else OrderLine.objects.filter(order_id__in=[row["order_id"] for row in shipments])
        )
        lines: dict[int, list[PickLine]] = defaultdict(list)
        for line in line_rows.order_by("order_id", "pk").values("order_id", *_PICK_LINE_FIELDS):
            lines[line["order_id"]].append(
                PickLine(line["product_code"], line["product_name"], line["quantity"])
            )
        rows = [
            PickRow(
                shipment_id=row["pk"],
                order_number=row["order__number"],
                delivery_name=" ".join(
                    part
                    for part in (
                        row["order__delivery_first_name"],
                        row["order__delivery_last_name"],
                    )
                    if part
                ),
                street_address=row["order__delivery_street_address"],
                postal_code=row["order__delivery_postal_code"],
                city=row["order__delivery_city"],
                country=row["order__delivery_country"],
                phone=row["order__delivery_phone"],
                lines=tuple(lines.get(row["order_id"], ())),
            )
            for row in shipments
        ]
        _record_read(
            actor,
            action="orders.pick_list.read",
            categories=categories,
            rows=shipments,
        )
    return rows


def shipped_list(*, actor: Actor) -> list[ShippedRow]:
    """Shipments on their way (shipped, not yet delivered), oldest first; audited."""
    categories = read_categories(actor, SHIPPED_LIST_FIELDS, roles=PICK_LIST_ROLES)
    with transaction.atomic():
        shipments = list(
            Shipment.objects.filter(status=ShipmentStatus.SHIPPED)
            .order_by("shipped_at", "pk")
            .values(
                "pk",
                "order_id",
                "order__customer__public_id",
                "order__number",
                "carrier",
                "tracking_code",
                "shipped_at",
            )
        )
        rows = [
            ShippedRow(
                shipment_id=row["pk"],
                order_number=row["order__number"],
                carrier=row["carrier"],
                tracking_code=row["tracking_code"],
                shipped_at=row["shipped_at"],
            )
            for row in shipments
        ]
        _record_read(
            actor,
            action="orders.shipped_list.read",
            categories=categories,
            rows=shipments,
        )
    return rows

"""Deliveries: the warehouse marks a paid order shipped, and later delivered (seed S9).

A shipment waits from the moment the order is paid or invoiced. Only the warehouse role (or a
system job, such as a carrier's delivery feed) moves it on; each step changes the order's
status in the same transaction and is audited by ids and codes only. The carrier and the
tracking code are free text typed by a person, so they are checked here and never go into
the audit log.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.audit.services import audit_record
from rekisteri.orders.models import OrderStatus, Shipment, ShipmentStatus
from rekisteri.privacy.datamap import purposes

SHIPPING_ROLES = frozenset({Role.WAREHOUSE})
CARRIER_MAX_LENGTH = Shipment._meta.get_field("carrier").max_length or 100
TRACKING_CODE_MAX_LENGTH = Shipment._meta.get_field("tracking_code").max_length or 100
_CATEGORY = "user.behavior.purchase_history"


def _require_shipping_role(actor: Actor) -> None:
    if actor.kind == ActorKind.SYSTEM:
        return
    if actor.kind == ActorKind.STAFF and SHIPPING_ROLES & actor.roles:
        return
    raise PermissionDenied(_("Only the warehouse may mark deliveries."))


def clean_carrier(value: str) -> str:
    """The carrier's name as typed, trimmed; ValidationError when empty, too long or holding
    characters that cannot be printed (line breaks, control characters)."""
    return _clean_text(
        value,
        field="carrier",
        max_length=CARRIER_MAX_LENGTH,
        empty=_("Give the carrier."),
        too_long=_("The carrier's name can be at most %(limit)d characters."),
        unprintable=_("The carrier's name has characters that cannot be printed."),
    )


def clean_tracking_code(value: str) -> str:
    """The tracking code, trimmed; the same checks as the carrier's name."""
    return _clean_text(
        value,
        field="tracking_code",
        max_length=TRACKING_CODE_MAX_LENGTH,
        empty=_("Give the tracking code."),
        too_long=_("The tracking code can be at most %(limit)d characters."),
        unprintable=_("The tracking code has characters that cannot be printed."),
    )


def _clean_text(
    value: str, *, field: str, max_length: int, empty: str, too_long: str, unprintable: str
) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: empty}, code="required")
    if len(text) > max_length:
        raise ValidationError(
            {field: ValidationError(too_long, code="max_length", params={"limit": max_length})}
        )
    # isprintable() is False for control, format and separator characters other than the
    # plain space: no line breaks, tabs, zero-width or bidirectional marks on a label.
    if not text.isprintable():
        raise ValidationError({field: unprintable}, code="unprintable")
    return text


def _locked_shipment(shipment_id: int) -> Shipment:
    """The shipment and its order, both locked until the transaction ends (raises
    Shipment.DoesNotExist)."""
    return (
        Shipment.objects.select_for_update(of=("self", "order"))
        .select_related("order")
        .get(pk=shipment_id)
    )


def shipment_mark_shipped(
    *, actor: Actor, shipment_id: int, carrier: str, tracking_code: str
) -> Shipment:
    """The goods have left: WAITING → SHIPPED, the order → SHIPPED.

    Raises PermissionDenied for other roles, ValidationError (nothing saved) for a bad carrier
    or tracking code or a shipment that is not waiting, Shipment.DoesNotExist for an unknown
    id.
    """
    _require_shipping_role(actor)
    errors: dict[str, list[ValidationError]] = {}
    try:
        carrier = clean_carrier(carrier)
    except ValidationError as error:
        errors.update(error.error_dict)
    try:
        tracking_code = clean_tracking_code(tracking_code)
    except ValidationError as error:
        errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        shipment = _locked_shipment(shipment_id)
        order = shipment.order
        if shipment.status != ShipmentStatus.WAITING:
            raise ValidationError(
                _("This delivery has already been marked as shipped."), code="not_waiting"
            )
        if not order.awaits_shipping:
            raise ValidationError(
                _("The order is not paid or invoiced, so it cannot be shipped."),
                code="order_not_payable",
            )
        shipment.status = ShipmentStatus.SHIPPED
        shipment.carrier = carrier
        shipment.tracking_code = tracking_code
        shipment.shipped_at = timezone.now()
        shipment.save(update_fields=["status", "carrier", "tracking_code", "shipped_at"])
        order.status = OrderStatus.SHIPPED
        order.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="orders.shipment_ship",
            subject=order.audit_subject(),
            categories=[_CATEGORY],
            purpose=purposes.ORDER_DELIVERY.key,
            detail={"shipment": shipment.pk, "order": order.pk},
        )
    return shipment


def shipment_mark_delivered(
    *, actor: Actor, shipment_id: int, delivered_at: datetime.datetime | None = None
) -> Shipment:
    """The customer has the goods: SHIPPED → DELIVERED, the order → DELIVERED.

    ``delivered_at`` (aware; now when left out) starts the 14-day withdrawal period, so it
    may be neither in the future nor before the shipment left. Raises PermissionDenied for
    other roles, ValidationError (nothing saved) otherwise.
    """
    _require_shipping_role(actor)
    now = timezone.now()
    if delivered_at is None:
        delivered_at = now
    elif timezone.is_naive(delivered_at):
        raise ValueError("delivered_at must be timezone-aware")
    if delivered_at > now:
        raise ValidationError(
            {"delivered_at": _("The delivery time cannot be in the future.")}, code="future"
        )
    with transaction.atomic():
        shipment = _locked_shipment(shipment_id)
        order = shipment.order
        if shipment.status != ShipmentStatus.SHIPPED:
            message = (
                _("This delivery has already been marked as delivered.")
                if shipment.status == ShipmentStatus.DELIVERED
                else _("This delivery has not been shipped yet.")
            )
            raise ValidationError(message, code="not_shipped")
        assert shipment.shipped_at is not None
        if timezone.localdate(delivered_at) < timezone.localdate(shipment.shipped_at):
            raise ValidationError(
                {"delivered_at": _("The goods cannot arrive before they were shipped.")},
                code="before_shipping",
            )
        shipment.status = ShipmentStatus.DELIVERED
        shipment.delivered_at = delivered_at
        shipment.save(update_fields=["status", "delivered_at"])
        order.status = OrderStatus.DELIVERED
        order.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="orders.shipment_deliver",
            subject=order.audit_subject(),
            categories=[_CATEGORY],
            purpose=purposes.ORDER_DELIVERY.key,
            detail={"shipment": shipment.pk, "order": order.pk},
        )
    return shipment

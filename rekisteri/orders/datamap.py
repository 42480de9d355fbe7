"""Orders, deliveries and returns in the data map (seed S9, L20).

Orders are accounting vouchers: erasing the person empties what identifies them (the link to
the customer and the delivery name, address and phone) and keeps the rest until the
bookkeeping period ends; then the retention job removes the whole order.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.access.roles import Role
from rekisteri.orders.models import Order, OrderLine, Return, Shipment
from rekisteri.privacy.datamap import purposes
from rekisteri.privacy.datamap.registry import Personal, Subregister, datamap
from rekisteri.privacy.datamap.retention import ACCOUNTING_VOUCHERS
from rekisteri.privacy.datamap.vocabulary import DataSubject, Erasure, Source

ORDERS = Subregister(
    "orders",
    title=_("Orders, deliveries and returns"),
    description=_(
        "What each customer ordered and when, the amounts and VAT, the payment reference, "
        "where the goods were sent, the delivery's carrier and tracking code, and returns "
        "with their refunds."
    ),
    subjects=DataSubject.CUSTOMERS,
    purposes=(purposes.ORDER_DELIVERY, purposes.PAYMENT, purposes.ACCOUNTING),
    retention=ACCOUNTING_VOUCHERS,
    order=40,
)

_SERVICE = frozenset({Role.CUSTOMER_SERVICE, Role.REGISTER_MANAGER})
_SERVICE_AND_CREDIT = _SERVICE | {Role.CREDIT_CONTROL}
# The warehouse sees where to send a paid order, nothing else (DESIGN.md).
_SHIPPING = _SERVICE | {Role.WAREHOUSE}


def _voucher(*, read: frozenset[Role] = _SERVICE_AND_CREDIT) -> Personal:
    """Part of the accounting voucher: kept when the person is erased."""
    return Personal(
        "user.behavior.purchase_history", source=Source.RECORDED, erase=Erasure.KEEP, read=read
    )


def _delivery(category: str, *, required: bool = True) -> Personal:
    return Personal(
        category,
        source=Source.GIVEN,
        erase=Erasure.DELETE,
        read=_SHIPPING,
        write=_SERVICE,
        required=required,
    )


def _recorded(*, read: frozenset[Role] = _SERVICE) -> Personal:
    return Personal(
        "user.behavior.purchase_history", source=Source.RECORDED, erase=Erasure.DELETE, read=read
    )


datamap.register(
    Order,
    subregister=ORDERS,
    subject_path="customer",
    retention_from="placed_at",
    fields={
        "customer": Personal(
            "user.unique_id.pseudonymous",
            source=Source.RECORDED,
            erase=Erasure.DELETE,
            read=_SERVICE_AND_CREDIT,
        ),
        "number": _voucher(read=_SHIPPING | {Role.CREDIT_CONTROL}),
        "status": _voucher(read=_SHIPPING | {Role.CREDIT_CONTROL}),
        "payment_method": _voucher(),
        "payment_reference": _voucher(),
        "total_cents": _voucher(),
        "vat_cents": _voucher(),
        "placed_at": _voucher(read=_SHIPPING | {Role.CREDIT_CONTROL}),
        "paid_at": _voucher(read=_SHIPPING | {Role.CREDIT_CONTROL}),
        "cancelled_at": _voucher(),
        "language": _recorded(),
        "delivery_first_name": _delivery("user.name.first"),
        "delivery_last_name": _delivery("user.name.last"),
        "delivery_street_address": _delivery("user.contact.address.street"),
        "delivery_postal_code": _delivery("user.contact.address.postal_code"),
        "delivery_city": _delivery("user.contact.address.city"),
        "delivery_country": _delivery("user.contact.address.country"),
        "delivery_phone": _delivery("user.contact.phone_number", required=False),
    },
    non_personal=["public_id"],
)

datamap.register(
    OrderLine,
    subregister=ORDERS,
    subject_path="order__customer",
    retention_from="order__placed_at",
    fields={
        name: _voucher(read=_SHIPPING | {Role.CREDIT_CONTROL})
        for name in (
            "product_code",
            "product_name",
            "unit_price_cents",
            "vat_rate",
            "quantity",
        )
    },
    non_personal=["order", "product"],
)

datamap.register(
    Shipment,
    subregister=ORDERS,
    subject_path="order__customer",
    retention_from="order__placed_at",
    fields={
        "status": _voucher(read=_SHIPPING),
        "created_at": _voucher(read=_SHIPPING),
        "shipped_at": _voucher(read=_SHIPPING),
        "delivered_at": _voucher(read=_SHIPPING),
        # A tracking code leads to the delivery address at the carrier.
        "carrier": Personal(
            "user.behavior.purchase_history",
            source=Source.RECORDED,
            erase=Erasure.DELETE,
            read=_SHIPPING,
            write=_SHIPPING,
        ),
        "tracking_code": Personal(
            "user.behavior.purchase_history",
            source=Source.RECORDED,
            erase=Erasure.DELETE,
            read=_SHIPPING,
            write=_SHIPPING,
        ),
    },
    non_personal=["order"],
)

datamap.register(
    Return,
    subregister=ORDERS,
    subject_path="order__customer",
    retention_from="order__placed_at",
    fields={
        name: _voucher()
        for name in (
            "status",
            "notice_channel",
            "notified_on",
            "goods_received_on",
            "refunded_on",
            "refund_method",
            "refund_cents",
        )
    },
    non_personal=["public_id", "order"],
)

"""Payments and refunds in the data map: part of the order's accounting voucher (L20)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.access.roles import Role
from rekisteri.orders.datamap import ORDERS
from rekisteri.payments.models import Payment, Refund
from rekisteri.privacy.datamap.registry import Personal, datamap
from rekisteri.privacy.datamap.vocabulary import Erasure, Source
from rekisteri.privacy.processors import Processor, processors

_READ = frozenset({Role.CUSTOMER_SERVICE, Role.CREDIT_CONTROL, Role.REGISTER_MANAGER})


def _voucher() -> Personal:
    return Personal(
        "user.behavior.purchase_history", source=Source.RECORDED, erase=Erasure.KEEP, read=_READ
    )


datamap.register(
    Payment,
    subregister=ORDERS,
    subject_path="order__customer",
    retention_from="order__placed_at",
    fields={
        name: _voucher()
        for name in (
            "stamp",
            "transaction_id",
            "amount_cents",
            "status",
            "provider",
            "created_at",
            "paid_at",
        )
    },
    non_personal=["order", "href", "updated_at"],
)

datamap.register(
    Refund,
    subregister=ORDERS,
    subject_path="payment__order__customer",
    retention_from="payment__order__placed_at",
    fields={
        name: _voucher()
        for name in ("refund_stamp", "transaction_id", "amount_cents", "status", "created_at")
    },
    non_personal=["payment"],
)

# The payment service provider (S15) and the invoice and instalment providers it passes the
# payer's data to when the payer picks them.
PAYER_CATEGORIES = (
    "user.contact.email",
    "user.name.first",
    "user.name.last",
    "user.contact.phone_number",
    "user.contact.address.street",
    "user.contact.address.postal_code",
    "user.contact.address.city",
    "user.contact.address.country",
    "user.behavior.purchase_history",
)
PAYTRAIL = processors.register(
    Processor(
        key="paytrail",
        name="Paytrail Oyj",
        country="FI",
        purpose=_("handling the payments of webshop orders"),
        categories=PAYER_CATEGORIES,
        contract_reference="Paytrail merchant agreement and data processing terms",
    )
)
processors.register(
    Processor(
        key="klarna",
        name="Klarna Bank AB",
        country="SE",
        purpose=_("invoice and instalment payments the payer picks on Paytrail's payment page"),
        categories=PAYER_CATEGORIES,
        contract_reference="through Paytrail's payment service terms",
        receives_from="paytrail",
    )
)
processors.register(
    Processor(
        key="walley",
        name="Walley AB",
        country="SE",
        purpose=_("invoice and instalment payments the payer picks on Paytrail's payment page"),
        categories=PAYER_CATEGORIES,
        contract_reference="through Paytrail's payment service terms",
        receives_from="paytrail",
    )
)

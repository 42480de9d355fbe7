"""Customers in the data map."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.access.roles import Role
from rekisteri.customers.models import Customer
from rekisteri.privacy.datamap import purposes
from rekisteri.privacy.datamap.registry import Personal, Subregister, datamap
from rekisteri.privacy.datamap.retention import after_relationship
from rekisteri.privacy.datamap.vocabulary import DataSubject, Erasure, Source

CUSTOMERS = Subregister(
    "customers",
    title=_("Customer contact data"),
    description=_(
        "The name and contact details of each customer, their preferred language, and how "
        "and when they entered the register."
    ),
    subjects=DataSubject.CUSTOMERS,
    purposes=(
        purposes.CUSTOMER_RELATIONSHIP,
        purposes.ORDER_DELIVERY,
        purposes.CUSTOMER_CONTACT,
        purposes.DIRECT_MARKETING,
    ),
    retention=after_relationship(
        years=3,
        setting="REKISTERI_RETENTION_CUSTOMER_YEARS",
        reason=_("the general limitation period of claims, Act 728/2003"),
    ),
    order=10,
)

# The warehouse reads delivery addresses from orders, not customer records.
_service = frozenset({Role.CUSTOMER_SERVICE, Role.REGISTER_MANAGER})
_credit = _service | {Role.CREDIT_CONTROL}


def _given(category: str, *, read: frozenset[Role] = _service, required: bool = False) -> Personal:
    return Personal(
        category,
        source=Source.GIVEN,
        erase=Erasure.DELETE,
        read=read,
        write=frozenset({Role.CUSTOMER_SERVICE, Role.REGISTER_MANAGER}),
        required=required,
    )


datamap.register(
    Customer,
    subregister=CUSTOMERS,
    subject_path="",
    retention_from="last_active_at",
    expiry_erases_subject=True,
    fields={
        "public_id": Personal(
            "user.unique_id.pseudonymous",
            source=Source.RECORDED,
            erase=Erasure.DELETE,
            read=_credit,
        ),
        "first_name": _given("user.name.first", read=_credit | {Role.MARKETING}, required=True),
        "last_name": _given("user.name.last", read=_credit | {Role.MARKETING}, required=True),
        "street_address": _given("user.contact.address.street", read=_credit | {Role.MARKETING}),
        "postal_code": _given("user.contact.address.postal_code", read=_credit | {Role.MARKETING}),
        "city": _given("user.contact.address.city", read=_credit | {Role.MARKETING}),
        "country": _given("user.contact.address.country", read=_credit | {Role.MARKETING}),
        "phone": _given("user.contact.phone_number", read=_credit | {Role.MARKETING}),
        "email": _given("user.contact.email", read=_credit | {Role.MARKETING}, required=True),
        "preferred_language": _given("user.demographic.language", read=_service | {Role.MARKETING}),
        "user": Personal(
            "user.unique_id.pseudonymous", source=Source.RECORDED, erase=Erasure.DELETE
        ),
        "channel": Personal(
            "user.behavior.collection_channel",
            source=Source.RECORDED,
            erase=Erasure.DELETE,
            read=_service,
        ),
        "last_active_at": Personal(
            "user.behavior.last_activity",
            source=Source.RECORDED,
            erase=Erasure.DELETE,
            read=_service,
        ),
        # The name, email and phone folded for the staff's search (``search_key``): the same
        # data again in another form, read by no one directly, erased with the record.
        "search_key": Personal(
            "user.name",
            source=Source.GIVEN,
            erase=Erasure.DELETE,
        ),
        "entered_at": Personal(
            "user.behavior.collection_channel",
            source=Source.RECORDED,
            erase=Erasure.DELETE,
            read=_service,
        ),
    },
)

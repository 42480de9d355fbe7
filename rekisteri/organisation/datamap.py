"""The organisation settings in the data map: all public facts about the company, except
the contact person, who is an employee named in the register description (seed S6)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.organisation.models import OpeningHours, Organisation
from rekisteri.privacy.datamap import purposes
from rekisteri.privacy.datamap.registry import Personal, Subregister, datamap
from rekisteri.privacy.datamap.retention import after_event
from rekisteri.privacy.datamap.vocabulary import DataSubject, Erasure, Source

CONTROLLER_CONTACTS = Subregister(
    "controller_contacts",
    title=_("Contact person for register matters"),
    description=_("The employee named in the register description as its contact person."),
    subjects=DataSubject.STAFF,
    purposes=(purposes.CONTROLLER_CONTACT,),
    retention=after_event(
        key="contact_replaced", event=_("another person is named as the contact"), days=0
    ),
    order=950,
)


def _contact(category: str) -> Personal:
    return Personal(category, source=Source.GIVEN, erase=Erasure.DELETE)


datamap.register(
    Organisation,
    subregister=CONTROLLER_CONTACTS,
    fields={
        "contact_person_name": _contact("user.name"),
        "contact_person_phone": _contact("user.contact.phone_number"),
        "contact_person_email": _contact("user.contact.email"),
    },
    non_personal=[
        "name",
        "business_id",
        "street_address",
        "postal_code",
        "city",
        "phone",
        "email",
        "customer_service_phone",
        "updated_at",
    ],
)
datamap.declare_non_personal(OpeningHours)

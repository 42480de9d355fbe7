from __future__ import annotations

import datetime

import pytest

from rekisteri.audit.actors import Actor
from rekisteri.organisation.models import Organisation
from rekisteri.organisation.services import HoursRow, organisation_update

SEED_VALUES = {
    "name": "Ilmapallokeskus Balloon Center Oy",
    "business_id": "0860817-6",
    "street_address": "Koskelontie 25 C",
    "postal_code": "02920",
    "city": "Espoo",
    "phone": "09-8545 100",
    "customer_service_phone": "+358 9 550 055",
    "contact_person_name": "Jonna Nieminen",
    "contact_person_phone": "+358 40 702 8998",
}


@pytest.fixture
def organisation(db) -> Organisation:
    return organisation_update(
        actor=Actor.system("test"),
        values=SEED_VALUES,
        opening_hours=[
            HoursRow(1, 5, datetime.time(9), datetime.time(19)),
            HoursRow(6, 6, datetime.time(9), datetime.time(15)),
        ],
    )

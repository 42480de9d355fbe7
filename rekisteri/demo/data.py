"""The demo's fixed data: the controller from the seed register description, and a handful
of made-up customers."""

from __future__ import annotations

import datetime
from typing import Any

from rekisteri.customers.models import Channel
from rekisteri.organisation.models import Weekday
from rekisteri.organisation.services import HoursRow

# The controller and the register contact person (seed S1, S5, S6).
ORGANISATION: dict[str, str] = {
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

OPENING_HOURS = [
    HoursRow(Weekday.MONDAY, Weekday.FRIDAY, datetime.time(9), datetime.time(19)),
    HoursRow(Weekday.SATURDAY, Weekday.SATURDAY, datetime.time(9), datetime.time(15)),
]

# Staff accounts are <role>@STAFF_DOMAIN; a reserved top-level domain, so no mail leaves.
STAFF_DOMAIN = "demo.rekisteri.test"

# Made-up people, one for each way into the register (seed S2). The email address is what
# makes a re-run find them again instead of adding them twice.
CUSTOMERS: list[dict[str, Any]] = [
    {
        "channel": Channel.REGISTRATION,
        "first_name": "Aino",
        "last_name": "Virtanen",
        "street_address": "Mannerheimintie 12 B 7",
        "postal_code": "00100",
        "city": "Helsinki",
        "phone": "040 123 4567",
        "email": "aino.virtanen@example.com",
    },
    {
        "channel": Channel.CHECKOUT,
        "first_name": "Mikko",
        "last_name": "Korhonen",
        "street_address": "Hämeenkatu 5 A 3",
        "postal_code": "33100",
        "city": "Tampere",
        "phone": "050 765 4321",
        "email": "mikko.korhonen@example.com",
    },
    {
        "channel": Channel.CONTEST,
        "first_name": "Elsa",
        "last_name": "Lindqvist",
        "street_address": "Aurakatu 8",
        "postal_code": "20100",
        "city": "Turku",
        "phone": "044 555 0101",
        "email": "elsa.lindqvist@example.com",
        "preferred_language": "sv",
    },
    {
        "channel": Channel.FEEDBACK,
        "first_name": "Juha",
        "last_name": "Mäkinen",
        "street_address": "Niipperintie 3",
        "postal_code": "02920",
        "city": "Espoo",
        "email": "juha.makinen@example.com",
    },
    {
        "channel": Channel.CHECKOUT,
        "first_name": "Sofia",
        "last_name": "Heikkinen",
        "street_address": "Kauppakatu 14 C 22",
        "postal_code": "40100",
        "city": "Jyväskylä",
        "phone": "045 222 3344",
        "email": "sofia.heikkinen@example.com",
    },
    {
        "channel": Channel.STAFF,
        "first_name": "Oliver",
        "last_name": "Laine",
        "street_address": "Isokatu 20 C 15",
        "postal_code": "90100",
        "city": "Oulu",
        "phone": "041 987 6543",
        "email": "oliver.laine@example.com",
        "preferred_language": "en",
    },
]

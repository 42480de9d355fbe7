"""Valid organisation settings, as service arguments and as the settings page's POST data."""

from __future__ import annotations

import datetime
from typing import Any

from rekisteri.audit.actors import Actor
from rekisteri.organisation.models import Organisation
from rekisteri.organisation.services import HoursRow, organisation_update


def valid_values(**overrides: str) -> dict[str, str]:
    values = {
        "name": "Ilmapallokauppa Oy",
        "business_id": "0860817-6",
        "street_address": "Esimerkkikatu 1",
        "postal_code": "00100",
        "city": "Helsinki",
        "phone": "+358 9 123 4567",
        "email": "rekisteri@example.test",
        "customer_service_phone": "09 123 4568",
        "contact_person_name": "Maija Meikäläinen",
        "contact_person_phone": "040 123 4567",
        "contact_person_email": "maija@example.test",
    }
    values.update(overrides)
    return values


WEEKDAYS_9_TO_17 = HoursRow(
    first_day=1, last_day=5, opens=datetime.time(9), closes=datetime.time(17)
)


def saved_organisation(**overrides: str) -> Organisation:
    """Settings saved through the service, as the operator would have done."""
    return organisation_update(
        actor=Actor.system("test"),
        values=valid_values(**overrides),
        opening_hours=[WEEKDAYS_9_TO_17],
    )


def hours_row(
    first: str = "1",
    last: str = "5",
    opens: str = "09:00",
    closes: str = "17:00",
    delete: bool = False,
) -> dict[str, str]:
    row = {"first_day": first, "last_day": last, "opens": opens, "closes": closes}
    if delete:
        row["DELETE"] = "on"
    return row


def settings_post_data(
    hours: list[dict[str, str]] | None = None, *, initial_rows: int = 0, **overrides: str
) -> dict[str, Any]:
    """What the browser posts: every field, the hours rows and the formset's counters."""
    rows = [hours_row()] if hours is None else hours
    data: dict[str, Any] = valid_values(**overrides)
    data.update(
        {
            "hours-TOTAL_FORMS": str(len(rows)),
            "hours-INITIAL_FORMS": str(initial_rows),
            "hours-MIN_NUM_FORMS": "0",
            "hours-MAX_NUM_FORMS": "7",
        }
    )
    for index, row in enumerate(rows):
        data.update({f"hours-{index}-{name}": value for name, value in row.items()})
    return data

"""Changing the organisation settings: administrator only, audited, and a change that alters
the register description publishes its new version in the same transaction."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.audit.services import audit_record
from rekisteri.organisation.models import OpeningHours, Organisation, Weekday
from rekisteri.privacy.datamap import purposes

EDITABLE_FIELDS = (
    "name",
    "business_id",
    "street_address",
    "postal_code",
    "city",
    "phone",
    "email",
    "customer_service_phone",
    "contact_person_name",
    "contact_person_phone",
    "contact_person_email",
)


@dataclass(frozen=True)
class HoursRow:
    first_day: int
    last_day: int
    opens: datetime.time
    closes: datetime.time


def _may_edit(actor: Actor) -> bool:
    return actor.kind == ActorKind.SYSTEM or actor.has_role(Role.ADMINISTRATOR)


def organisation_update(
    *, actor: Actor, values: dict[str, Any], opening_hours: list[HoursRow]
) -> Organisation:
    """Replace the settings with ``values`` and the opening hours with ``opening_hours``.

    Raises ValidationError (nothing saved) when a value is invalid.
    """
    if not _may_edit(actor):
        raise PermissionDenied(_("Only the administrator may change the organisation settings."))
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"organisation_update got unknown fields {sorted(unknown)}")
    from rekisteri.privacy.notice.services import notice_publish_if_changed

    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().filter(pk=1).first()
        created = organisation is None
        organisation = organisation or Organisation(pk=1)
        changed = [
            name for name in EDITABLE_FIELDS if getattr(organisation, name) != values.get(name, "")
        ]
        for name in EDITABLE_FIELDS:
            setattr(organisation, name, values.get(name, ""))
        organisation.full_clean()
        organisation.save()
        rows = [OpeningHours(organisation=organisation, **row.__dict__) for row in opening_hours]
        for row in rows:
            row.full_clean(exclude=["organisation"])
        old_hours = sorted(
            organisation.opening_hours.values_list("first_day", "last_day", "opens", "closes")
        )
        new_hours = sorted((r.first_day, r.last_day, r.opens, r.closes) for r in rows)
        if old_hours != new_hours:
            organisation.opening_hours.all().delete()
            OpeningHours.objects.bulk_create(rows)
            changed.append("opening_hours")
        _check_overlaps(rows)
        if changed or created:
            audit_record(
                actor=actor,
                action="organisation.update",
                purpose=purposes.CONTROLLER_CONTACT.key,
                categories=_contact_categories(changed),
                detail={"fields": sorted(changed)},
            )
            notice_publish_if_changed(actor=actor)
    return organisation


def _check_overlaps(rows: list[OpeningHours]) -> None:
    days: set[int] = set()
    for row in rows:
        span = set(range(row.first_day, row.last_day + 1))
        if span & days:
            raise ValidationError(
                _("The opening hours list %(day)s twice.")
                % {"day": Weekday(min(span & days)).label},
                code="hours_overlap",
            )
        days |= span


def _contact_categories(changed: list[str]) -> list[str]:
    from rekisteri.privacy.datamap import datamap

    categories = []
    for name in changed:
        mapped = datamap.field(Organisation, name)
        if mapped is not None:
            categories.append(mapped.personal.category)
    return categories

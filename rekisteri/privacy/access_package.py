"""The access package (GDPR Art. 15 and 20, seed S20, L11, L15): everything the register holds
about one person, with why, from where, for how long, and to whom it has gone.

Built from the data map alone: a model added later appears here as soon as it is mapped with
a ``subject_path``. The JSON follows the published schema in ``schemas/``.
"""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language

from rekisteri.audit.actors import ActorKind
from rekisteri.audit.models import AuditEvent
from rekisteri.customers.models import Customer
from rekisteri.organisation.selectors import organisation_get
from rekisteri.privacy.datamap import (
    LegalBasis,
    MappedField,
    ModelMap,
    Source,
    Subregister,
    datamap,
)
from rekisteri.privacy.datamap.categories import category as category_of
from rekisteri.privacy.datamap.framework import disclosures_shown
from rekisteri.privacy.models import Disclosure
from rekisteri.privacy.subjects import subject_querysets

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "access-package.schema.json"
FORMAT_VERSION = 1
# Translated texts about the data map, by language: see _field_descriptions.
_TEXTS: dict[tuple[Any, ...], Any] = {}
SECRET_SHOWN_AS = "********"  # noqa: S105 - a mask, not a password
# Tests that keep events out of a person's access log for now: each takes the person and
# returns a test of an event that is true when the event is to be left out. An authority may
# forbid telling the person of its request until a set date (authority_requests app).
ACCESS_LOG_HIDDEN: list[Callable[[Customer], Callable[[AuditEvent], bool]]] = []


@dataclass(frozen=True)
class PackageScope:
    """The part of a person's data a package is limited to (an authority's request): the
    fields of the named sub-registers and the fields of the named categories, never those of
    the ``never`` sub-registers. The access log is not part of a limited package."""

    subregisters: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    never: frozenset[str] = frozenset()

    def covers(self, field: MappedField) -> bool:
        if field.subregister.key in self.never:
            return False
        return (
            field.subregister.key in self.subregisters or field.personal.category in self.categories
        )


def access_package_schema() -> dict[str, Any]:
    return dict(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def build_access_package(
    customer: Customer, *, scope: PackageScope | None = None
) -> dict[str, Any]:
    """The package in the active language (titles and descriptions are translated); with a
    ``scope``, only the fields it covers (a row none of whose fields it covers is left out)."""
    subregisters: dict[str, dict[str, Any]] = {}
    # Many rows point at the same few rows (the customer, the account) and many fields share
    # a retention rule: each is looked up or translated once per package.
    related: dict[tuple[Any, Any], Any] = {}
    for model_map, rows in subject_querysets(customer):
        assert model_map.subregister is not None
        fields = _field_descriptions(model_map)
        if scope is not None:
            fields = [(field, text) for field, text in fields if scope.covers(field)]
            if not fields:
                continue
        entry = subregisters.setdefault(
            model_map.subregister.key, {**_subregister(model_map), "records": []}
        )
        if model_map.shown_to_subject is not None:
            rows = model_map.shown_to_subject(rows)
        for row in rows:
            entry["records"].append(_record(model_map, fields, row, related))
    disclosures = _disclosures(customer)
    if scope is not None and not _covers_disclosures(scope):
        disclosures = []
    return {
        "format": "rekisteri-access-package",
        "version": FORMAT_VERSION,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "controller": _controller(),
        "subject": {"id": str(customer.public_id)},
        "subregisters": [s for s in subregisters.values() if s["records"]],
        "disclosures": disclosures,
        "access_log": access_log(customer) if scope is None else [],
    }


def _covers_disclosures(scope: PackageScope) -> bool:
    """Whether the disclosure log (mapped like any model) is within the scope."""
    model_map = datamap.model_map(Disclosure)
    assert model_map is not None
    return any(scope.covers(field) for field in model_map.mapped_fields())


def _controller() -> dict[str, Any]:
    org = organisation_get()
    if org is None:
        return {"name": None, "contact_person": None}
    return {
        "name": org.name,
        "business_id": org.business_id,
        "address": f"{org.street_address}, {org.postal_code} {org.city}",
        "contact_person": org.contact_person_name,
        "contact_phone": org.contact_person_phone,
    }


def _subregister(model_map: ModelMap) -> dict[str, Any]:
    """The sub-register's part of the package without its records (cached like the fields)."""
    subregister = model_map.subregister
    assert subregister is not None
    key = ("subregister", get_language(), subregister.key, subregister.retention.period)
    if key not in _TEXTS:
        _TEXTS[key] = _subregister_texts(subregister)
    return dict(_TEXTS[key])


def _subregister_texts(subregister: Subregister) -> dict[str, Any]:
    return {
        "key": subregister.key,
        "title": str(subregister.title),
        "description": str(subregister.description),
        "purposes": [
            {
                "key": p.key,
                "title": str(p.title),
                "legal_basis": p.basis.value,
                "legal_basis_title": str(LegalBasis(p.basis).label),
                "legitimate_interest": str(p.legitimate_interest)
                if p.legitimate_interest
                else None,
            }
            for p in subregister.purposes
        ],
        "retention": subregister.retention.describe(),
    }


def _field_descriptions(model_map: ModelMap) -> list[tuple[MappedField, dict[str, Any]]]:
    """What the package says of each field of a model, the same for every row and every
    person: translating the titles is most of a package's cost, so it is done once per
    language (and per retention period in force, which settings may change)."""
    mapped = list(model_map.mapped_fields())
    key = (
        "fields",
        get_language(),
        model_map.model._meta.label,
        tuple(field.retention.period for field in mapped),
    )
    if key not in _TEXTS:
        _TEXTS[key] = [
            (
                field,
                {
                    "name": field.name,
                    "label": str(field.verbose_name),
                    "category": field.personal.category,
                    "category_title": str(category_of(field.personal.category).title),
                    "source": field.personal.source.value,
                    "source_title": str(Source(field.personal.source).label),
                    "retention": field.retention.describe(),
                },
            )
            for field in mapped
        ]
    return list(_TEXTS[key])


def _record(
    model_map: ModelMap,
    fields: list[tuple[MappedField, dict[str, Any]]],
    row: models.Model,
    related: dict[tuple[Any, Any], Any],
) -> dict[str, Any]:
    return {
        "model": model_map.model._meta.label,
        "record": str(row.pk),
        "fields": [
            {
                **description,
                "value": SECRET_SHOWN_AS
                if field.personal.secret
                else _value(row, field.name, related),
            }
            for field, description in fields
        ],
    }


def _value(row: models.Model, name: str, cache: dict[tuple[Any, Any], Any]) -> Any:
    field = row._meta.get_field(name)
    if field.many_to_many:
        return sorted(str(item) for item in getattr(row, name).all())
    if field.is_relation:
        key = (field.related_model, getattr(row, getattr(field, "attname", name)))
        if key[1] is None:
            return None
        if key not in cache:
            cache[key] = _related_value(getattr(row, name))
        return cache[key]
    return json_value(getattr(row, name))


def _related_value(related: models.Model) -> Any:
    # A related row may say how it reads to the person (a consent's text, say); else only
    # its pseudonymous id or number.
    describe = getattr(related, "access_package_value", None)
    if callable(describe):
        return describe()
    return str(getattr(related, "public_id", related.pk))


def json_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)


def _disclosures(customer: Customer) -> list[dict[str, Any]]:
    shown = disclosures_shown(Disclosure.objects.filter(customer=customer))
    return [
        {
            "recipient": d.recipient,
            "country": d.recipient_country,
            "categories": list(d.categories),
            "category_titles": [str(category_of(c).title) for c in d.categories],
            "purpose": d.purpose,
            "legal_basis": d.legal_basis,
            "disclosed_at": d.disclosed_at.isoformat(timespec="seconds"),
        }
        for d in shown
    ]


def access_log(customer: Customer) -> list[dict[str, Any]]:
    """Who (by role, never by name) has read or changed the person's data, and when."""
    events = AuditEvent.objects.filter(
        subject=str(customer.public_id),
        actor_kind__in=[ActorKind.STAFF, ActorKind.API_CLIENT],
    ).order_by("-sequence")
    hidden = [hide(customer) for hide in ACCESS_LOG_HIDDEN]
    return [
        {
            "time": event.occurred_at.isoformat(timespec="seconds"),
            "action": event.action,
            "roles": [r for r in event.actor_roles.split(",") if r],
            "categories": list(event.categories),
            "purpose": event.purpose,
        }
        for event in events
        if not any(hide(event) for hide in hidden)
    ]

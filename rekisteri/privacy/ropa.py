"""Records of processing activities (GDPR Art. 30, L19), one activity per sub-register, and
the data map as a fideslang dataset for organisations that run Fides.

Like the register description, everything here is derived from the data map, the processor
registry and the organisation settings.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from rekisteri.organisation.selectors import organisation_get
from rekisteri.privacy.datamap import (
    DataMap,
    Erasure,
    LegalBasis,
    Purpose,
    Source,
    Subregister,
)
from rekisteri.privacy.datamap.categories import CATEGORIES
from rekisteri.privacy.datamap.categories import category as category_of
from rekisteri.privacy.processors import ProcessorRegistry, storage_locations
from rekisteri.privacy.security import SECURITY_MEASURES


def _controller() -> dict[str, Any]:
    org = organisation_get()
    if org is None:
        return {"name": None}
    return {
        "name": org.name,
        "business_id": org.business_id,
        "address": f"{org.street_address}, {org.postal_code} {org.city}",
        "phone": org.phone,
        "email": org.email or None,
        "contact_person": {
            "name": org.contact_person_name,
            "phone": org.contact_person_phone,
            "email": org.contact_person_email or None,
        },
    }


def _activity(
    datamap: DataMap, processors: ProcessorRegistry, subregister: Subregister
) -> dict[str, Any]:
    fields = datamap.fields_of(subregister)
    categories: dict[str, dict[str, Any]] = {}
    for mapped in fields:
        entry = categories.setdefault(
            mapped.personal.category,
            {
                "key": mapped.personal.category,
                "title": str(category_of(mapped.personal.category).title),
                "fields": [],
            },
        )
        entry["fields"].append(
            {
                "field": mapped.label,
                "source": mapped.personal.source.value,
                "source_title": str(Source(mapped.personal.source).label),
                "erasure": mapped.personal.erase.value,
                "erasure_title": str(Erasure(mapped.personal.erase).label),
                "required": mapped.personal.required,
                "read_roles": sorted(role.value for role in mapped.personal.read),
                "write_roles": sorted(role.value for role in mapped.personal.write),
            }
        )
    held = set(categories)
    recipients = [p for p in processors.all() if held & set(p.categories)]
    retention = {subregister.retention.describe(): subregister.retention.as_dict()}
    for mapped in fields:
        retention.setdefault(mapped.retention.describe(), mapped.retention.as_dict())
    return {
        "key": subregister.key,
        "name": str(subregister.title),
        "description": str(subregister.description),
        "data_subjects": {
            "key": subregister.subjects.value,
            "title": str(subregister.subjects.label),
        },
        "purposes": [
            {
                "key": purpose.key,
                "title": str(purpose.title),
                "legal_basis": purpose.basis.value,
                "legal_basis_title": str(LegalBasis(purpose.basis).label),
                "legitimate_interest": str(purpose.legitimate_interest)
                if purpose.legitimate_interest
                else None,
            }
            for purpose in subregister.purposes
        ],
        "data_categories": list(categories.values()),
        "recipients": [{"name": p.name, "country": p.country} for p in recipients],
        "transfers_outside_eu_eea": [],
        "retention": [{"description": text, **rule} for text, rule in retention.items()],
    }


def records_of_processing(datamap: DataMap, processors: ProcessorRegistry) -> dict[str, Any]:
    return {
        "title": _("Records of processing activities (GDPR Art. 30)"),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "controller": _controller(),
        "activities": [_activity(datamap, processors, s) for s in datamap.subregisters()],
        "processors": [
            {
                "key": p.key,
                "name": p.name,
                "country": p.country,
                "purpose": str(p.purpose),
                "categories": list(p.categories),
                "contract_reference": p.contract_reference,
                "receives_from": p.receives_from,
            }
            for p in processors.all()
        ],
        "storage_locations": [
            {"key": loc.key, "title": str(loc.title), "country": loc.country}
            for loc in storage_locations()
        ],
        "transfers_outside_eu_eea": [],
        "security_measures": [str(m) for m in SECURITY_MEASURES],
    }


def records_markdown(records: dict[str, Any]) -> str:
    # Labels first: xgettext does not see _() calls inside f-strings.
    label = {
        "generated": _("Generated"),
        "controller": _("Controller"),
        "contact": _("Contact person for register matters"),
        "unset": _("Not yet set."),
        "subjects": _("Data subjects"),
        "purposes": _("Purposes and legal bases"),
        "recipients": _("Recipients"),
        "transfers": _("Transfers outside the EU/EEA"),
        "limits": _("Erasure time limits"),
        "processors": _("Processors"),
        "contract": _("contract"),
        "locations": _("Storage locations"),
        "security": _("Security measures"),
        "none": _("none"),
    }
    controller = records["controller"]
    lines = [
        f"# {records['title']}",
        "",
        f"_{label['generated']} {records['generated_at']}_",
        "",
        f"## {label['controller']}",
        "",
    ]
    if controller.get("name"):
        contact = controller["contact_person"]
        lines += [
            f"- {controller['name']} ({controller['business_id']})",
            f"- {controller['address']}, {controller['phone']}",
            f"- {label['contact']}: {contact['name']}, {contact['phone']}",
        ]
    else:
        lines.append(f"- {label['unset']}")
    lines.append("")
    for activity in records["activities"]:
        lines += [f"## {activity['name']} (`{activity['key']}`)", "", activity["description"], ""]
        lines.append(f"- **{label['subjects']}:** {activity['data_subjects']['title']}")
        purposes = "; ".join(
            f"{p['title']} — {p['legal_basis_title']}"
            + (f" ({p['legitimate_interest']})" if p["legitimate_interest"] else "")
            for p in activity["purposes"]
        )
        lines.append(f"- **{label['purposes']}:** {purposes}")
        for category in activity["data_categories"]:
            fields = ", ".join(
                f"`{f['field']}` ({f['source_title']}; {f['erasure_title']})"
                for f in category["fields"]
            )
            lines.append(f"- **{category['title']}** (`{category['key']}`): {fields}")
        recipients = ", ".join(f"{r['name']} ({r['country']})" for r in activity["recipients"])
        lines.append(f"- **{label['recipients']}:** {recipients or label['none']}")
        lines.append(f"- **{label['transfers']}:** {label['none']}")
        retention = "; ".join(r["description"] for r in activity["retention"])
        lines += [f"- **{label['limits']}:** {retention}", ""]
    lines += [f"## {label['processors']}", ""]
    for p in records["processors"]:
        lines.append(
            f"- {p['name']} ({p['country']}): {p['purpose']}; "
            f"{label['contract']} {p['contract_reference']}"
        )
    if not records["processors"]:
        lines.append(f"- {label['none']}")
    lines += ["", f"## {label['locations']}", ""]
    lines += [f"- {loc['title']}: {loc['country']}" for loc in records["storage_locations"]]
    lines += ["", f"## {label['security']}", ""]
    lines += [f"- {m}" for m in records["security_measures"]]
    return "\n".join(lines) + "\n"


def fideslang_document(datamap: DataMap) -> dict[str, Any]:
    """The data map as a fideslang dataset plus a system with one privacy declaration per
    sub-register and purpose (the format Fides imports; JSON is valid YAML)."""
    collections = []
    for model_map in datamap.model_maps():
        if not model_map.fields:
            continue
        table = model_map.model._meta.db_table
        fields = []
        for name, personal in model_map.fields.items():
            field = model_map.model._meta.get_field(name)
            column = getattr(field, "column", None) or name
            fields.append(
                {
                    "name": column,
                    "description": str(getattr(field, "verbose_name", name)),
                    "data_categories": [personal.category],
                }
            )
        collections.append(
            {
                "name": table,
                "description": str(model_map.model._meta.verbose_name_plural),
                "fields": fields,
            }
        )
    declarations = []
    for subregister in datamap.subregisters():
        categories = sorted({f.personal.category for f in datamap.fields_of(subregister)})
        for purpose in subregister.purposes:
            declarations.append(
                {
                    "name": f"{subregister.key}: {purpose.key}",
                    "data_categories": categories,
                    "data_use": purpose.key,
                    "data_subjects": [_fides_subject(subregister)],
                    "legal_basis_for_processing": _fides_basis(purpose.basis),
                    "dataset_references": ["rekisteri"],
                }
            )
    return {
        "data_category": [
            {
                "fides_key": c.key,
                "parent_key": c.key.rsplit(".", 1)[0],
                "name": str(c.title),
                "description": str(c.title),
            }
            for c in CATEGORIES.values()
            if c.extension
        ],
        "data_use": [
            {
                "fides_key": p.key,
                "parent_key": p.key.rsplit(".", 1)[0],
                "name": str(p.title),
                "description": str(p.title),
            }
            for p in _purposes_of(datamap)
            if p.extension
        ],
        "dataset": [
            {
                "fides_key": "rekisteri",
                "name": "Rekisteri",
                "description": "The customer register's database, from its data map.",
                "collections": collections,
            }
        ],
        "system": [
            {
                "fides_key": "rekisteri_system",
                "name": "Rekisteri",
                "description": "The customer register.",
                "system_type": "Service",
                "privacy_declarations": declarations,
            }
        ],
    }


def _purposes_of(datamap: DataMap) -> list[Purpose]:
    found: dict[str, Purpose] = {}
    for subregister in datamap.subregisters():
        for purpose in subregister.purposes:
            found.setdefault(purpose.key, purpose)
    return list(found.values())


def _fides_subject(subregister: Subregister) -> str:
    return "employee" if subregister.subjects.value == "staff" else "customer"


def _fides_basis(basis: str) -> str:
    return {
        LegalBasis.CONSENT: "Consent",
        LegalBasis.CONTRACT: "Contract",
        LegalBasis.LEGAL_OBLIGATION: "Legal obligations",
        LegalBasis.LEGITIMATE_INTEREST: "Legitimate interests",
    }[LegalBasis(basis)]

"""Building the register description as a language-neutral document structure.

The document is a list of sections, each a heading and blocks (paragraphs, lists, tables).
Everything in it is derived: the controller from the organisation settings, the sub-registers,
purposes, data, sources and retention from the data map, the recipients from the processor
registry. The HTML page and the Markdown command render the same structure.

Call ``build_document`` inside ``translation.override(lang)``; the strings come out in that
language.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from rekisteri.organisation.models import Organisation
from rekisteri.privacy.countries import country_name
from rekisteri.privacy.datamap import DataMap, LegalBasis, Purpose, Source, Subregister
from rekisteri.privacy.datamap.automated import AUTOMATED_DECISIONS
from rekisteri.privacy.datamap.categories import category as category_of
from rekisteri.privacy.processors import ProcessorRegistry, storage_locations
from rekisteri.privacy.security import SECURITY_MEASURES

Block = dict[str, Any]
Section = dict[str, Any]


def _p(text: str) -> Block:
    return {"type": "p", "text": text}


def _ul(items: list[str]) -> Block:
    return {"type": "ul", "items": items}


def _table(head: list[str], rows: list[list[str]]) -> Block:
    return {"type": "table", "head": head, "rows": rows}


def _section(key: str, heading: str, blocks: list[Block]) -> Section:
    return {"id": key, "heading": heading, "blocks": blocks}


def build_document(
    *, organisation: Organisation | None, datamap: DataMap, processors: ProcessorRegistry
) -> dict[str, Any]:
    subregisters = [s for s in datamap.subregisters() if s.in_register_description]
    return {
        "title": _("Register description and privacy notice"),
        "intro": _(
            "This register description tells what personal data the controller collects, "
            "why, and how you can use your rights. It is produced from the register "
            "software's own description of the data it stores, so it says what the "
            "register really holds."
        ),
        "sections": [
            _controller(organisation),
            _contact_person(organisation),
            _register(organisation, subregisters),
            _purposes(subregisters),
            _subjects(subregisters),
            _content(datamap, subregisters),
            _sources(datamap, subregisters),
            _recipients(processors),
            _transfers(processors),
            _retention(datamap, subregisters),
            _rights(organisation),
            _complaint(),
            _requirement(datamap, subregisters),
            _automated(),
            _security(),
        ],
    }


def current_documents() -> dict[str, Any]:
    """The description as it would read now, in every language of the site."""
    from rekisteri.organisation.selectors import organisation_get
    from rekisteri.privacy.datamap import datamap
    from rekisteri.privacy.processors import processors

    organisation = organisation_get()
    documents = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            documents[code] = build_document(
                organisation=organisation, datamap=datamap, processors=processors
            )
    return documents


def _controller(org: Organisation | None) -> Section:
    if org is None:
        return _section("controller", _("Controller"), [_p(_("Not yet set."))])
    lines = [
        _("%(name)s (business ID %(business_id)s)")
        % {"name": org.name, "business_id": org.business_id},
        f"{org.street_address}, {org.postal_code} {org.city}",
        _("Phone %(phone)s") % {"phone": org.phone},
    ]
    if org.email:
        lines.append(_("Email %(email)s") % {"email": org.email})
    hours = "; ".join(f"{h.days_label} {h.hours_label}" for h in org.opening_hours.all())
    service = _("Customer service %(phone)s") % {"phone": org.customer_service_phone}
    if hours:
        service = f"{service} ({hours})"
    lines.append(service)
    return _section("controller", _("Controller"), [_ul(lines)])


def _contact_person(org: Organisation | None) -> Section:
    if org is None:
        return _section(
            "contact", _("Contact person for register matters"), [_p(_("Not yet set."))]
        )
    lines = [org.contact_person_name, _("Phone %(phone)s") % {"phone": org.contact_person_phone}]
    if org.contact_person_email:
        lines.append(_("Email %(email)s") % {"email": org.contact_person_email})
    return _section(
        "contact",
        _("Contact person for register matters"),
        [
            _ul(lines),
            _p(
                _(
                    "Requests about your data go to this person; you can also make them yourself "
                    "in My account."
                )
            ),
        ],
    )


def _register(org: Organisation | None, subregisters: list[Subregister]) -> Section:
    if org is None:
        name = _("Customer register")
    else:
        name = _("Customer register of %(controller)s") % {"controller": org.name}
    items = [f"{s.title}: {s.description}" for s in subregisters]
    return _section(
        "register",
        _("Name of the register"),
        [
            _p(name),
            _p(_("The register consists of the following sub-registers:")),
            _ul(items),
        ],
    )


def _purposes_in(subregisters: list[Subregister]) -> list[Purpose]:
    seen: dict[str, Purpose] = {}
    for subregister in subregisters:
        for purpose in subregister.purposes:
            seen.setdefault(purpose.key, purpose)
    return list(seen.values())


def _purposes(subregisters: list[Subregister]) -> Section:
    rows = []
    for purpose in _purposes_in(subregisters):
        basis = str(LegalBasis(purpose.basis).label)
        if purpose.legitimate_interest:
            basis = _("%(basis)s: %(interest)s") % {
                "basis": basis,
                "interest": purpose.legitimate_interest,
            }
        users = ", ".join(str(s.title) for s in subregisters if purpose in s.purposes)
        rows.append([str(purpose.title), basis, users])
    return _section(
        "purposes",
        _("Purposes and legal bases of processing"),
        [
            _table([_("Purpose"), _("Legal basis"), _("Sub-registers")], rows),
            _p(
                _(
                    "Direct marketing is sent only to people who have not prohibited it. "
                    "Electronic "
                    "marketing (email, SMS) needs the person's prior permission, except the shop's "
                    "own similar products to existing customers, which every message lets you "
                    "refuse with one click."
                )
            ),
        ],
    )


def _subjects(subregisters: list[Subregister]) -> Section:
    kinds = sorted({str(s.subjects.label) for s in subregisters})
    return _section("subjects", _("Whose data the register holds"), [_ul(kinds)])


def _category_titles(keys: list[str]) -> list[str]:
    titles: list[str] = []
    for key in keys:
        title = str(category_of(key).title)
        if title not in titles:
            titles.append(title)
    return titles


def _content(datamap: DataMap, subregisters: list[Subregister]) -> Section:
    rows = []
    for subregister in subregisters:
        keys = [f.personal.category for f in datamap.fields_of(subregister)]
        rows.append([str(subregister.title), ", ".join(_category_titles(keys))])
    return _section(
        "content",
        _("Data content of the register"),
        [
            _table([_("Sub-register"), _("Data")], rows),
        ],
    )


def _sources(datamap: DataMap, subregisters: list[Subregister]) -> Section:
    by_source: dict[str, list[str]] = defaultdict(list)
    for subregister in subregisters:
        for mapped in datamap.fields_of(subregister):
            by_source[mapped.personal.source].append(mapped.personal.category)
    items = [
        f"{Source(source).label}: {', '.join(_category_titles(keys))}"
        for source, keys in sorted(by_source.items())
    ]
    return _section("sources", _("Regular sources of data"), [_ul(items)])


def _recipients(processors: ProcessorRegistry) -> Section:
    blocks: list[Block] = [
        _p(
            _(
                "Personal data is not disclosed outside the company, except to the service "
                "providers "
                "below, who process it on the controller's behalf, and where the law obliges, such "
                "as at the person's own request or on an authority's request based on law."
            )
        )
    ]
    registered = processors.all()
    if registered:
        rows = [
            [
                p.name,
                country_name(p.country),
                str(p.purpose),
                ", ".join(_category_titles(list(p.categories))),
            ]
            for p in registered
        ]
        blocks.append(_table([_("Recipient"), _("Country"), _("Purpose"), _("Data")], rows))
    else:
        blocks.append(_p(_("At present no service provider receives personal data.")))
    return _section("recipients", _("Recipients and regular disclosures"), blocks)


def _transfers(processors: ProcessorRegistry) -> Section:
    locations = [f"{loc.title}: {country_name(loc.country)}" for loc in storage_locations()]
    return _section(
        "transfers",
        _("Transfers outside the EU or the EEA"),
        [
            _p(
                _(
                    "Personal data is not transferred outside the European Union or the European "
                    "Economic Area. The register and its service providers are located in:"
                )
            ),
            _ul([*locations, *[f"{p.name}: {country_name(p.country)}" for p in processors.all()]]),
        ],
    )


def _retention(datamap: DataMap, subregisters: list[Subregister]) -> Section:
    rows = []
    for subregister in subregisters:
        rules = {subregister.retention.describe()}
        rules |= {f.retention.describe() for f in datamap.fields_of(subregister)}
        rows.append([str(subregister.title), "; ".join(sorted(rules))])
    return _section(
        "retention",
        _("How long data is kept"),
        [
            _table([_("Sub-register"), _("Retention")], rows),
            _p(
                _(
                    "When the period ends, the data is deleted or anonymised automatically, and "
                    "the "
                    "deletion is logged. Accounting records are kept as long as the Accounting Act "
                    "requires, without the buyer's contact details."
                )
            ),
        ],
    )


def _rights(org: Organisation | None) -> Section:
    if org is None:
        how = _(
            "You can use these rights in My account, or by contacting the contact person "
            "for register matters. Requests are free and answered within one month."
        )
    else:
        how = _(
            "You can use these rights in My account, or by contacting the contact person "
            "for register matters, %(contact)s. Requests are free and answered within one "
            "month."
        ) % {"contact": org.contact_person_name}
    return _section(
        "rights",
        _("Your rights and how to use them"),
        [
            _ul(
                [
                    _(
                        "Access: you may get a copy of all data about you, with its purposes, "
                        "sources, "
                        "recipients and retention."
                    ),
                    _("Rectification: you may have wrong or incomplete data corrected."),
                    _(
                        "Erasure: you may have your data erased, except what the law obliges the "
                        "company to keep, such as accounting records."
                    ),
                    _(
                        "Restriction: you may have the processing of your data restricted to "
                        "storage "
                        "only."
                    ),
                    _(
                        "Portability: you may get the data you gave in a machine-readable format "
                        "(JSON)."
                    ),
                    _(
                        "Objection: you may object to processing based on legitimate interest, and "
                        "prohibit direct marketing at any time."
                    ),
                    _(
                        "Withdrawal of consent: you may withdraw a permission at any time, as "
                        "easily as "
                        "you gave it; this does not affect processing before the withdrawal."
                    ),
                ]
            ),
            _p(how),
        ],
    )


def _complaint() -> Section:
    return _section(
        "complaint",
        _("Right to complain to the supervisory authority"),
        [
            _p(
                _(
                    "If you consider that your data is processed unlawfully, you may complain to "
                    "the Data Protection Ombudsman (tietosuojavaltuutettu), tietosuoja.fi, "
                    "Lintulahdenkuja 4, 00530 Helsinki."
                )
            ),
        ],
    )


def _requirement(datamap: DataMap, subregisters: list[Subregister]) -> Section:
    required = [
        f.personal.category
        for s in subregisters
        for f in datamap.fields_of(s)
        if f.personal.required
    ]
    return _section(
        "requirement",
        _("Is giving the data required?"),
        [
            _p(
                _(
                    "Giving data is voluntary. To buy or to have an account, the following is "
                    "needed: %(data)s. Without it the order cannot be delivered or the account "
                    "created. Marketing permissions and contests are always voluntary and never a "
                    "condition of buying."
                )
                % {"data": ", ".join(_category_titles(required))}
            ),
        ],
    )


def _automated() -> Section:
    if not AUTOMATED_DECISIONS:
        blocks = [
            _p(
                _(
                    "The register makes no automated decisions and no profiling that "
                    "would have legal or similarly significant effects on you."
                )
            )
        ]
    else:
        blocks = [_ul([str(d.description) for d in AUTOMATED_DECISIONS])]
    return _section("automated", _("Automated decision-making"), blocks)


def _security() -> Section:
    return _section(
        "security",
        _("Principles of protecting the register"),
        [
            _ul([str(measure) for measure in SECURITY_MEASURES]),
        ],
    )

"""Data map declarations for the framework's tables (auth, content types, sessions) and for
the privacy app's own (register description versions, the disclosure log)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.access.roles import Role
from rekisteri.organisation.datamap import CONTROLLER_CONTACTS
from rekisteri.privacy.datamap import purposes
from rekisteri.privacy.datamap.registry import Personal, Subregister, datamap
from rekisteri.privacy.datamap.retention import after_event, after_relationship
from rekisteri.privacy.datamap.vocabulary import DataSubject, Erasure, Source
from rekisteri.privacy.models import Disclosure, NoticeVersion

SESSIONS = Subregister(
    "sessions",
    title=_("Sessions"),
    description=_(
        "A signed-in browser's session: who is signed in and the shopping cart. No tracking "
        "or advertising cookies are used."
    ),
    subjects=DataSubject.CUSTOMERS,
    purposes=(purposes.CUSTOMER_RELATIONSHIP, purposes.SECURITY),
    retention=after_event(
        key="session_expiry",
        event=_("the session has expired"),
        days=14,
        setting="REKISTERI_RETENTION_SESSION_DAYS",
    ),
    order=900,
)

datamap.declare_non_personal(Permission)
datamap.declare_non_personal(Group)
datamap.declare_non_personal(ContentType)
datamap.register(
    Session,
    subregister=SESSIONS,
    fields={
        "session_key": Personal(
            "user.device.session", source=Source.RECORDED, erase=Erasure.DELETE
        ),
        "session_data": Personal(
            "user.device.session", source=Source.RECORDED, erase=Erasure.DELETE
        ),
    },
    non_personal=["expire_date"],
    retention_from="expire_date",
)

# Published versions of the register description name the contact person for register matters
# at the time; they are kept as published (the contact person is an employee).
datamap.register(
    NoticeVersion,
    subregister=CONTROLLER_CONTACTS,
    fields={"content": Personal("user.name", source=Source.GIVEN, erase=Erasure.KEEP)},
    non_personal=["number", "published_at", "digest"],
)


def disclosures_shown(
    rows: QuerySet[Disclosure], *, today: datetime.date | None = None
) -> QuerySet[Disclosure]:
    """The disclosures a person may be told of ``today`` (by default the local date): not
    those an authority has asked to keep from them until a later date. On that date itself
    the person is told."""
    return rows.exclude(do_not_inform_until__gt=today or timezone.localdate())


DISCLOSURES = Subregister(
    "disclosures",
    title=_("Disclosure log"),
    description=_(
        "A record of each time a person's data was passed outside the company: to whom, "
        "which data, when and why."
    ),
    subjects=DataSubject.CUSTOMERS,
    purposes=(purposes.SECURITY,),
    retention=after_relationship(
        years=3,
        setting="REKISTERI_RETENTION_CUSTOMER_YEARS",
        reason=_("the general limitation period of claims, Act 728/2003"),
    ),
    order=850,
)

datamap.register(
    Disclosure,
    subregister=DISCLOSURES,
    subject_path="customer",
    fields={
        "customer": Personal(
            "user.unique_id.pseudonymous",
            source=Source.RECORDED,
            erase=Erasure.DELETE,
            read=frozenset({Role.REGISTER_MANAGER}),
        ),
        "categories": Personal(
            "user.disclosure_history",
            source=Source.RECORDED,
            erase=Erasure.DELETE,
            read=frozenset({Role.REGISTER_MANAGER}),
        ),
        "recipient": Personal(
            "user.disclosure_history",
            source=Source.RECORDED,
            erase=Erasure.DELETE,
            read=frozenset({Role.REGISTER_MANAGER}),
        ),
        "disclosed_at": Personal(
            "user.disclosure_history",
            source=Source.RECORDED,
            erase=Erasure.DELETE,
            read=frozenset({Role.REGISTER_MANAGER}),
        ),
    },
    non_personal=["recipient_country", "purpose", "legal_basis", "do_not_inform_until"],
    shown_to_subject=disclosures_shown,
)

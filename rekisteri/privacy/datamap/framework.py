"""Declarations for the framework's own tables (Django's auth, content types and sessions)."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.utils.translation import gettext_lazy as _

from rekisteri.organisation.datamap import CONTROLLER_CONTACTS
from rekisteri.privacy.datamap import purposes
from rekisteri.privacy.datamap.registry import Personal, Subregister, datamap
from rekisteri.privacy.datamap.retention import after_event
from rekisteri.privacy.datamap.vocabulary import DataSubject, Erasure, Source
from rekisteri.privacy.models import NoticeVersion

SESSIONS = Subregister(
    "sessions",
    title=_("Sessions"),
    description=_(
        "A signed-in browser's session: who is signed in and the shopping cart. No tracking "
        "or advertising cookies are used."
    ),
    subjects=DataSubject.CUSTOMERS,
    purposes=(purposes.CUSTOMER_RELATIONSHIP, purposes.SECURITY),
    retention=after_event(key="session_expiry", event=_("the session was last used"), days=14),
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
)

# Published versions of the register description name the contact person for register matters
# at the time; they are kept as published (the contact person is an employee).
datamap.register(
    NoticeVersion,
    subregister=CONTROLLER_CONTACTS,
    fields={"content": Personal("user.name", source=Source.GIVEN, erase=Erasure.KEEP)},
    non_personal=["number", "published_at", "digest"],
)

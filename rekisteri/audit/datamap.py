"""The audit log's own personal data: pseudonymous ids of the subject and of the actor."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.access.roles import Role
from rekisteri.audit.models import AuditEvent, AuditHead
from rekisteri.privacy.datamap import purposes
from rekisteri.privacy.datamap.registry import Personal, Subregister, datamap
from rekisteri.privacy.datamap.retention import after_event
from rekisteri.privacy.datamap.vocabulary import DataSubject, Erasure, Source

AUDIT_LOG = Subregister(
    "audit_log",
    title=_("Access and change log"),
    description=_(
        "A record of who (by role) read or changed a person's data and when. It holds "
        "pseudonymous identifiers and data categories, never the data itself."
    ),
    subjects=DataSubject.CUSTOMERS,
    purposes=(purposes.SECURITY,),
    retention=after_event(
        key="audit_log",
        event=_("the event was recorded"),
        years=5,
        setting="REKISTERI_RETENTION_AUDIT_YEARS",
        reason=_("to show how the register's data was handled, GDPR Art. 5(2)"),
    ),
    order=800,
)

_pseudonym = Personal(
    "user.unique_id.pseudonymous",
    source=Source.RECORDED,
    erase=Erasure.KEEP,
    read=frozenset({Role.REGISTER_MANAGER}),
)

datamap.register(
    AuditEvent,
    subregister=AUDIT_LOG,
    fields={"subject": _pseudonym, "actor_ref": _pseudonym},
    non_personal=[
        "sequence",
        "occurred_at",
        "actor_kind",
        "actor_roles",
        "action",
        "categories",
        "purpose",
        "request_id",
        "detail",
        "prev_hash",
        "hash",
    ],
)
datamap.declare_non_personal(AuditHead)

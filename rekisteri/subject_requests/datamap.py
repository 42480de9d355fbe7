"""Data-subject requests in the data map.

A request is personal data about the person who made it, so it is in their access package.
It is also the controller's evidence that the person's rights were answered, and in time
(GDPR Art. 5(2) and 12(3)). So erasing the person does not delete the request: it cuts the
link to the customer record, replaces the free-text notes (which may name people or
documents) with a marker, and keeps what shows compliance — the kind, channel, dates,
extension, status and the reasons of refusal — tied only to the pseudonymous id that the
audit log and the erasure ledger also keep. Closed requests are removed three years after
closing (the general limitation period of claims), the time a complaint or claim about the
answer can still be brought.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.access.roles import Role
from rekisteri.privacy.datamap.registry import Personal, Subregister, datamap
from rekisteri.privacy.datamap.retention import after_event
from rekisteri.privacy.datamap.vocabulary import (
    DataSubject,
    Erasure,
    LegalBasis,
    Purpose,
    Source,
)
from rekisteri.subject_requests.models import SubjectRequest

REQUEST_CATEGORY = "user.privacy_request"


DATA_SUBJECT_RIGHTS = Purpose(
    "essential.legal_obligation.data_subject_rights",
    _(
        "answering the person's requests about their data (access, rectification, erasure, "
        "restriction, objection, portability) in time, and showing that they were answered"
    ),
    LegalBasis.LEGAL_OBLIGATION,
    extension=True,
)

SUBJECT_REQUESTS = Subregister(
    "subject_requests",
    title=_("Data-subject requests"),
    description=_(
        "Requests the person has made about their data, how they were received, their due "
        "dates and what was done about them."
    ),
    subjects=DataSubject.CUSTOMERS,
    purposes=(DATA_SUBJECT_RIGHTS,),
    retention=after_event(
        key="subject_request_closed",
        event=_("the request is closed"),
        years=3,
        setting="REKISTERI_RETENTION_SUBJECT_REQUEST_YEARS",
        reason=_(
            "evidence that the request was answered as the law requires, for the general "
            "limitation period of claims, Act 728/2003"
        ),
    ),
    order=800,
)

# The register manager handles the queue; customer service takes requests by phone or letter
# and enters them (those fields only).
MANAGER = frozenset({Role.REGISTER_MANAGER})
ENTERING = frozenset({Role.REGISTER_MANAGER, Role.CUSTOMER_SERVICE})


def _kept(source: Source = Source.RECORDED, *, entered: bool = False) -> Personal:
    roles = ENTERING if entered else MANAGER
    return Personal(REQUEST_CATEGORY, source=source, erase=Erasure.KEEP, read=roles, write=roles)


def _note(*, entered: bool = False) -> Personal:
    roles = ENTERING if entered else MANAGER
    return Personal(
        REQUEST_CATEGORY, source=Source.RECORDED, erase=Erasure.ANONYMISE, read=roles, write=roles
    )


datamap.register(
    SubjectRequest,
    subregister=SUBJECT_REQUESTS,
    subject_path="customer",
    retention_from="closed_at",
    fields={
        "customer": Personal(
            "user.unique_id.pseudonymous",
            source=Source.RECORDED,
            erase=Erasure.DELETE,
            read=ENTERING,
            write=ENTERING,
        ),
        "subject": Personal(
            "user.unique_id.pseudonymous",
            source=Source.RECORDED,
            erase=Erasure.KEEP,
            read=MANAGER,
        ),
        "kind": _kept(Source.GIVEN, entered=True),
        "channel": _kept(Source.GIVEN, entered=True),
        "received_on": _kept(Source.GIVEN, entered=True),
        "entered_at": _kept(),
        "due_on": _kept(),
        "deadline": _kept(),
        "extended_months": _kept(),
        "extension_reason": _note(),
        "extension_informed_at": _kept(),
        "status": _kept(),
        "identity_check_note": _note(entered=True),
        "staff_notes": _note(entered=True),
        "corrected_fields": _kept(),
        "refusal_reasons": _kept(),
        "outcome_note": _note(),
        "executed_at": _kept(),
        "closed_at": _kept(),
    },
)

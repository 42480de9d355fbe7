"""Authority requests in the data map.

Retention and erasure: the request is the controller's evidence that a disclosure of the
person's data was lawful (GDPR Art. 5(2), 6(1)(c)): which authority asked, under which
section of which statute, who decided and who approved, and which part of the data went. A
person who later learns of the disclosure (after the authority's do-not-inform date) may
claim damages for it; such a claim lapses at the latest ten years after the act (Act on the
limitation of debts 728/2003, section 7). So the request is kept ten years from its receipt
(setting ``REKISTERI_RETENTION_AUTHORITY_REQUEST_YEARS``), and erasing the person does not
remove it: erasure cuts the link to the person and deletes the copy of the package (the
person's data itself), and keeps the rest, including the package's digest. The pseudonymous
id in the audit events still ties the kept request to the erased person's ledger entry.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.access.roles import Role
from rekisteri.authority_requests.models import AuthorityRequest, Status
from rekisteri.privacy.datamap.registry import Personal, Subregister, datamap
from rekisteri.privacy.datamap.retention import after_event
from rekisteri.privacy.datamap.vocabulary import (
    DataSubject,
    Erasure,
    LegalBasis,
    Purpose,
    Source,
)

AUTHORITY_REQUESTS_PURPOSE = Purpose(
    "essential.legal_obligation.authority_requests",
    _(
        "answering an authority's request for data where a law obliges the shop to disclose "
        "it, and keeping evidence of what was disclosed and why"
    ),
    LegalBasis.LEGAL_OBLIGATION,
    extension=True,
)

AUTHORITY_REQUESTS = Subregister(
    "authority_requests",
    title=_("Authority requests"),
    description=_(
        "Requests from authorities (for example the police) for a person's data: the "
        "authority, the statute and section it relies on, its reference, which data it "
        "concerned, the decision and who approved it, and what was disclosed."
    ),
    subjects=DataSubject.CUSTOMERS,
    purposes=(AUTHORITY_REQUESTS_PURPOSE,),
    retention=after_event(
        key="authority_request",
        event=_("the authority's request was received"),
        years=10,
        setting="REKISTERI_RETENTION_AUTHORITY_REQUEST_YEARS",
        reason=_(
            "evidence that a disclosure was lawful for as long as a claim over it can be "
            "made, Act 728/2003, section 7"
        ),
    ),
    order=860,
)

# Never part of a package limited to a scope: one authority's request is not another's
# business.
NEVER_IN_SCOPE = frozenset({AUTHORITY_REQUESTS.key})

_MANAGER = frozenset({Role.REGISTER_MANAGER})


def _kept(*, secret: bool = False, category: str = "user.disclosure_history") -> Personal:
    return Personal(
        category, source=Source.RECORDED, erase=Erasure.KEEP, read=_MANAGER, secret=secret
    )


def authority_requests_shown(
    rows: QuerySet[AuthorityRequest], *, today: datetime.date | None = None
) -> QuerySet[AuthorityRequest]:
    """The requests a person may be told of ``today``: decided ones whose do-not-inform
    date, if the authority set one, has come. A request still awaiting approval is not shown:
    until approved its record (the date included) may still be wrong."""
    return rows.exclude(status=Status.AWAITING_APPROVAL).exclude(
        do_not_inform_until__gt=today or timezone.localdate()
    )


datamap.register(
    AuthorityRequest,
    subregister=AUTHORITY_REQUESTS,
    subject_path="customer",
    retention_from="received_at",
    fields={
        "customer": Personal(
            "user.unique_id.pseudonymous",
            source=Source.RECORDED,
            erase=Erasure.DELETE,
            read=_MANAGER,
        ),
        "authority": _kept(),
        "legal_basis": _kept(),
        "reference": _kept(),
        "received_at": _kept(),
        "scope_subregisters": _kept(),
        "scope_categories": _kept(),
        "do_not_inform_until": _kept(),
        "decision": _kept(),
        "reason": _kept(),
        "status": _kept(),
        "recorded_at": _kept(),
        "reviewed_at": _kept(),
        "review_note": _kept(),
        "package_digest": _kept(),
        # The staff members are named by pseudonymous ids that are about them, not the
        # person: the person's package says they are recorded without showing them.
        "recorded_by": _kept(secret=True, category="user.unique_id.pseudonymous"),
        "reviewed_by": _kept(secret=True, category="user.unique_id.pseudonymous"),
        # The copy of the person's data handed over; the person sees that data itself in the
        # other sub-registers of their package, so the copy is not repeated there.
        "package": Personal(
            "user.disclosure_history",
            source=Source.RECORDED,
            erase=Erasure.DELETE,
            read=_MANAGER,
            secret=True,
        ),
    },
    non_personal=["public_id", "authority_country", "disclosure"],
    shown_to_subject=authority_requests_shown,
)

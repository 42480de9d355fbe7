"""Marketing permissions in the data map (seed S7, S10): grants and withdrawals, the
prohibition and restriction switches, and confirmed email addresses.

Who may see them: customer service and the register manager read a person's state when the
person asks about it; only the register manager records a change on the person's request.
Marketing reads no individual's permissions, only aggregate figures.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.access.roles import Role
from rekisteri.consents.models import (
    ConfirmedAddress,
    ConsentRecord,
    PermissionText,
    PrivacySwitchRecord,
)
from rekisteri.privacy.datamap import purposes
from rekisteri.privacy.datamap.registry import Personal, Subregister, datamap
from rekisteri.privacy.datamap.retention import after_relationship
from rekisteri.privacy.datamap.vocabulary import DataSubject, Erasure, Source

MARKETING_PERMISSIONS = Subregister(
    "marketing_permissions",
    title=_("Marketing permissions"),
    description=_(
        "Each permission for marketing by email, text message or post that the person has "
        "given or withdrawn, with the time, where it was done and the exact wording shown; "
        "the prohibition of direct marketing and the restriction of processing, with their "
        "changes; the email addresses the person has confirmed as theirs; and which email "
        "campaigns the register has sent them."
    ),
    subjects=DataSubject.CUSTOMERS,
    purposes=(purposes.ELECTRONIC_MARKETING, purposes.PRIVACY_CHOICES),
    # The records are the proof that marketing had the person's permission (GDPR Art. 7(1))
    # and that a prohibition was honoured, so they are kept as long as the customer data
    # they concern, for the same limitation period; the same setting governs both, so the
    # proof never outlives, nor is outlived by, the customer record.
    retention=after_relationship(
        years=3,
        setting="REKISTERI_RETENTION_CUSTOMER_YEARS",
        reason=_(
            "proof of the person's permissions and prohibitions, GDPR Art. 7(1), for the "
            "general limitation period of claims, Act 728/2003"
        ),
    ),
    order=15,
)

_READ = frozenset({Role.CUSTOMER_SERVICE, Role.REGISTER_MANAGER})
_WRITE = frozenset({Role.REGISTER_MANAGER})


def _preference(source: Source) -> Personal:
    # Erasure deletes the records with the person. The proof of a withdrawal goes too: after
    # erasure there is no one left to send marketing to.
    return Personal(
        "user.privacy_preferences", source=source, erase=Erasure.DELETE, read=_READ, write=_WRITE
    )


def _recorded(category: str) -> Personal:
    return Personal(category, source=Source.RECORDED, erase=Erasure.DELETE, read=_READ)


_RETENTION_FROM = "customer__last_active_at"

datamap.register(
    ConsentRecord,
    subregister=MARKETING_PERMISSIONS,
    subject_path="customer",
    retention_from=_RETENTION_FROM,
    fields={
        "customer": _recorded("user.unique_id.pseudonymous"),
        "channel": _preference(Source.GIVEN),
        "action": _preference(Source.GIVEN),
        "source": _preference(Source.RECORDED),
        "text_version": _preference(Source.RECORDED),
        "recorded_at": _preference(Source.RECORDED),
    },
)

datamap.register(
    PrivacySwitchRecord,
    subregister=MARKETING_PERMISSIONS,
    subject_path="customer",
    retention_from=_RETENTION_FROM,
    fields={
        "customer": _recorded("user.unique_id.pseudonymous"),
        "switch": _preference(Source.GIVEN),
        "enabled": _preference(Source.GIVEN),
        "source": _preference(Source.RECORDED),
        "recorded_at": _preference(Source.RECORDED),
    },
)

datamap.register(
    ConfirmedAddress,
    subregister=MARKETING_PERMISSIONS,
    subject_path="customer",
    retention_from=_RETENTION_FROM,
    fields={
        "customer": _recorded("user.unique_id.pseudonymous"),
        "email": Personal(
            "user.contact.email",
            source=Source.GIVEN,
            erase=Erasure.DELETE,
            read=_READ,
            purposes=(purposes.ELECTRONIC_MARKETING,),
        ),
        "confirmed_at": Personal(
            "user.behavior.email_confirmation",
            source=Source.RECORDED,
            erase=Erasure.DELETE,
            read=_READ,
            purposes=(purposes.ELECTRONIC_MARKETING,),
        ),
    },
)

# The permission texts are the shop's own wording, the same for everyone.
datamap.declare_non_personal(PermissionText)

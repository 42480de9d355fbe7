"""Campaigns in the data map.

A campaign's text is the same for everyone (not personal). A delivery row, one per person a
campaign was sent to, belongs with the marketing permissions: it is the record of marketing
done under them. Customer service and the register manager may see it when the person asks;
marketing sees only counts. Erasure deletes the rows with the person.
"""

from __future__ import annotations

from rekisteri.access.roles import Role
from rekisteri.consents.datamap import MARKETING_PERMISSIONS
from rekisteri.marketing.models import Campaign, CampaignDelivery
from rekisteri.privacy.datamap import purposes
from rekisteri.privacy.datamap.registry import Personal, datamap
from rekisteri.privacy.datamap.vocabulary import Erasure, Source

_READ = frozenset({Role.CUSTOMER_SERVICE, Role.REGISTER_MANAGER})
# A campaign goes out on a permission, or on the soft opt-in to existing customers.
_PURPOSES = (purposes.ELECTRONIC_MARKETING, purposes.DIRECT_MARKETING)


def _recorded(category: str) -> Personal:
    return Personal(
        category, source=Source.RECORDED, erase=Erasure.DELETE, read=_READ, purposes=_PURPOSES
    )


datamap.register(
    CampaignDelivery,
    subregister=MARKETING_PERMISSIONS,
    subject_path="customer",
    retention_from="customer__last_active_at",
    fields={
        "customer": _recorded("user.unique_id.pseudonymous"),
        "campaign": _recorded("user.behavior.marketing_received"),
        "status": _recorded("user.behavior.marketing_received"),
        "sent_at": _recorded("user.behavior.marketing_received"),
    },
)

# The shop's own marketing copy, the same for everyone.
datamap.declare_non_personal(Campaign)

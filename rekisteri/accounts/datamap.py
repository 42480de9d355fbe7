"""Accounts in the data map: credentials of customers and staff."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.access.roles import Role
from rekisteri.accounts.models import User
from rekisteri.privacy.datamap import purposes
from rekisteri.privacy.datamap.registry import Personal, Subregister, datamap
from rekisteri.privacy.datamap.retention import after_relationship
from rekisteri.privacy.datamap.vocabulary import DataSubject, Erasure, Source

ACCOUNTS = Subregister(
    "accounts",
    title=_("Accounts"),
    description=_(
        "Usernames and passwords of registered customers and of staff. Passwords are kept "
        "only as one-way hashes."
    ),
    subjects=DataSubject.CUSTOMERS,
    purposes=(purposes.CUSTOMER_RELATIONSHIP, purposes.SECURITY, purposes.STAFF_ADMINISTRATION),
    retention=after_relationship(
        years=3,
        setting="REKISTERI_RETENTION_CUSTOMER_YEARS",
        reason=_("the general limitation period of claims, Act 728/2003"),
    ),
    order=20,
)


def _recorded(category: str) -> Personal:
    return Personal(category, source=Source.RECORDED, erase=Erasure.DELETE)


# The read and write roles below are about customers' accounts. The administrator manages
# staff accounts through the staff app, which only ever shows rows of staff members; no
# customer field is readable by the administrator (separation of duties, a test holds it).
datamap.register(
    User,
    subregister=ACCOUNTS,
    subject_path="customer",
    fields={
        "public_id": _recorded("user.unique_id.pseudonymous"),
        "email": Personal(
            "user.account.username",
            source=Source.GIVEN,
            erase=Erasure.DELETE,
            required=True,
            read=frozenset({Role.CUSTOMER_SERVICE, Role.REGISTER_MANAGER}),
        ),
        "password": Personal(
            "user.authorization.password",
            source=Source.GIVEN,
            erase=Erasure.DELETE,
            required=True,
            secret=True,
        ),
        "display_name": Personal("user.name", source=Source.GIVEN, erase=Erasure.DELETE),
        "last_login": _recorded("user.behavior.login_history"),
        "date_joined": _recorded("user.behavior.collection_channel"),
        "groups": _recorded("user.authorization.role"),
        "user_permissions": _recorded("user.authorization.role"),
        "is_superuser": _recorded("user.authorization.role"),
        "is_staff": _recorded("user.authorization.role"),
        "is_active": _recorded("user.authorization.role"),
    },
)

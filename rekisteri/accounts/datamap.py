"""Accounts in the data map: credentials of customers and staff, and the short-lived state of
registration, email confirmation and sign-in throttling."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.access.roles import Role
from rekisteri.accounts.models import EmailConfirmation, PendingRegistration, SignInFailure, User
from rekisteri.privacy.datamap import purposes
from rekisteri.privacy.datamap.registry import Personal, Subregister, datamap
from rekisteri.privacy.datamap.retention import after_event, after_relationship
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


# The short-lived state of registration, email confirmation and sign-in throttling. Each model
# is its own sub-register because each has its own retention rule, counted from the one field
# named in ``retention_from``.

UNCONFIRMED_REGISTRATIONS = Subregister(
    "unconfirmed_registrations",
    title=_("Unconfirmed registrations"),
    description=_(
        "Accounts whose email address has not been confirmed yet. An account whose address "
        "is not confirmed in time is erased with its customer data."
    ),
    subjects=DataSubject.CUSTOMERS,
    purposes=(purposes.CUSTOMER_RELATIONSHIP, purposes.SECURITY),
    retention=after_event(
        key="unconfirmed_registration",
        event=_("registering, if the email address has not been confirmed by then"),
        days=30,
        setting="REKISTERI_RETENTION_UNCONFIRMED_REGISTRATION_DAYS",
        reason=_("an account whose address is never confirmed is not in use"),
    ),
    order=21,
)

datamap.register(
    PendingRegistration,
    subregister=UNCONFIRMED_REGISTRATIONS,
    subject_path="user__customer",
    retention_from="registered_at",
    # An account never confirmed is dropped whole: the account and its customer record.
    expiry_erases_subject=True,
    fields={
        "user": _recorded("user.unique_id.pseudonymous"),
        "registered_at": _recorded("user.behavior.collection_channel"),
    },
)

EMAIL_LINKS = Subregister(
    "email_links",
    title=_("Email confirmation links"),
    description=_(
        "Links sent to confirm an email address, at registration or when the address is "
        "changed: the address, when the link was sent and used, and a one-way hash of its "
        "secret. A new address takes effect only when its link is opened."
    ),
    subjects=DataSubject.CUSTOMERS,
    purposes=(purposes.CUSTOMER_RELATIONSHIP, purposes.SECURITY),
    retention=after_event(
        key="email_link",
        event=_("the link was sent"),
        days=30,
        setting="REKISTERI_RETENTION_EMAIL_LINK_DAYS",
        reason=_("a link is needed only until it has been used or has expired"),
    ),
    order=22,
)

datamap.register(
    EmailConfirmation,
    subregister=EMAIL_LINKS,
    subject_path="user__customer",
    retention_from="sent_at",
    fields={
        "user": _recorded("user.unique_id.pseudonymous"),
        "email": Personal("user.contact.email", source=Source.GIVEN, erase=Erasure.DELETE),
        "secret_hash": Personal(
            "user.authorization.credentials",
            source=Source.RECORDED,
            erase=Erasure.DELETE,
            secret=True,
        ),
        "sent_at": _recorded("user.behavior.email_confirmation"),
        "used_at": _recorded("user.behavior.email_confirmation"),
    },
    non_personal=["purpose"],
)

SIGN_IN_FAILURES = Subregister(
    "sign_in_failures",
    title=_("Failed sign-ins"),
    description=_(
        "When a sign-in failed, with keyed hashes of the email address typed and of the "
        "device's network address, so that password guessing can be slowed down. Neither "
        "the address nor the network address can be read back from them."
    ),
    subjects=DataSubject.CUSTOMERS,
    purposes=(purposes.SECURITY,),
    retention=after_event(
        key="sign_in_failure",
        event=_("the sign-in failed"),
        days=1,
        setting="REKISTERI_RETENTION_SIGN_IN_FAILURE_DAYS",
        reason=_("needed only to slow down password guessing"),
    ),
    order=23,
)

# Keyed hashes cannot be followed to a customer, so the rows have no subject path; they are
# gone within a day anyway.
datamap.register(
    SignInFailure,
    subregister=SIGN_IN_FAILURES,
    retention_from="failed_at",
    fields={
        "account_key": _recorded("user.account.username"),
        "address_key": _recorded("user.device.ip_address"),
        "failed_at": _recorded("user.behavior.login_history"),
    },
)

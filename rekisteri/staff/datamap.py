"""Staff sign-in data in the data map: invitations, authenticators, recovery codes, wrong
codes and the sessions a staff member has open.

These rows are about employees, not customers (``DataSubject.STAFF``): they appear in the
records of processing, not in the customers' register description, and no customer's access
package or erasure reaches them (no subject path). The staff account itself is the accounts
app's ``User``, mapped there. No role reads these fields through the data map: the
administrator's pages show only whether an account has a password and an authenticator.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.privacy.datamap import purposes
from rekisteri.privacy.datamap.registry import Personal, Subregister, datamap
from rekisteri.privacy.datamap.retention import after_event
from rekisteri.privacy.datamap.vocabulary import DataSubject, Erasure, Source
from rekisteri.staff.models import (
    RecoveryCode,
    SecondFactorFailure,
    StaffInvitation,
    StaffSession,
    TotpDevice,
)


def _recorded(category: str, *, secret: bool = False) -> Personal:
    return Personal(category, source=Source.RECORDED, erase=Erasure.DELETE, secret=secret)


_STAFF_PURPOSES = (purposes.STAFF_ADMINISTRATION, purposes.SECURITY)

STAFF_SIGN_IN = Subregister(
    "staff_sign_in",
    title=_("Staff sign-in"),
    description=_(
        "Each employee's authenticator key (sealed with the site's secret key), their one-time "
        "recovery codes (one-way hashes) and when they were used."
    ),
    subjects=DataSubject.STAFF,
    purposes=_STAFF_PURPOSES,
    retention=after_event(
        key="staff_account_removed",
        event=_("the staff account is removed"),
        days=0,
        reason=_("needed for as long as the employee may sign in"),
    ),
    order=960,
)

datamap.register(
    TotpDevice,
    subregister=STAFF_SIGN_IN,
    fields={
        "user": _recorded("user.unique_id.pseudonymous"),
        "sealed_secret": _recorded("user.authorization.credentials", secret=True),
        "confirmed_at": _recorded("user.behavior.login_history"),
        "last_step": _recorded("user.behavior.login_history"),
    },
)
datamap.register(
    RecoveryCode,
    subregister=STAFF_SIGN_IN,
    fields={
        "user": _recorded("user.unique_id.pseudonymous"),
        "code_hash": _recorded("user.authorization.credentials", secret=True),
        "created_at": _recorded("user.behavior.login_history"),
        "used_at": _recorded("user.behavior.login_history"),
    },
)

STAFF_INVITATIONS = Subregister(
    "staff_invitations",
    title=_("Staff invitations"),
    description=_(
        "Links sent to new employees to set their password: when sent, when used, and a "
        "one-way hash of the link's token."
    ),
    subjects=DataSubject.STAFF,
    purposes=_STAFF_PURPOSES,
    retention=after_event(
        key="staff_invitation",
        event=_("the link expired"),
        days=30,
        reason=_("a link is needed only until it has been used or has expired"),
    ),
    order=961,
)

datamap.register(
    StaffInvitation,
    subregister=STAFF_INVITATIONS,
    retention_from="expires_at",
    fields={
        "user": _recorded("user.unique_id.pseudonymous"),
        "token_hash": _recorded("user.authorization.credentials", secret=True),
        "created_at": _recorded("user.behavior.login_history"),
        "expires_at": _recorded("user.behavior.login_history"),
        "used_at": _recorded("user.behavior.login_history"),
    },
)

STAFF_CODE_FAILURES = Subregister(
    "staff_code_failures",
    title=_("Wrong staff sign-in codes"),
    description=_("When an employee gave a wrong code, so that code guessing can be slowed down."),
    subjects=DataSubject.STAFF,
    purposes=(purposes.SECURITY,),
    retention=after_event(
        key="staff_code_failure",
        event=_("the wrong code was given"),
        days=1,
        reason=_("needed only to slow down code guessing"),
    ),
    order=962,
)

datamap.register(
    SecondFactorFailure,
    subregister=STAFF_CODE_FAILURES,
    retention_from="failed_at",
    fields={
        "user": _recorded("user.unique_id.pseudonymous"),
        "failed_at": _recorded("user.behavior.login_history"),
    },
)

STAFF_SESSIONS = Subregister(
    "staff_sessions",
    title=_("Staff sessions"),
    description=_(
        "Which sessions an employee has open, so that disabling their account ends them at once."
    ),
    subjects=DataSubject.STAFF,
    purposes=_STAFF_PURPOSES,
    retention=after_event(
        key="staff_session",
        event=_("signing in (a staff session ends 12 hours after it at the latest)"),
        days=1,
        reason=_("a staff session lasts at most 12 hours"),
    ),
    order=963,
)

datamap.register(
    StaffSession,
    subregister=STAFF_SESSIONS,
    retention_from="started_at",
    fields={
        "user": _recorded("user.unique_id.pseudonymous"),
        "session_key": _recorded("user.device.session", secret=True),
        "started_at": _recorded("user.behavior.login_history"),
    },
)

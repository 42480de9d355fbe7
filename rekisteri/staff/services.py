"""Writes to staff accounts: invitations, roles, disabling, and the second sign-in step.

The administrator creates accounts and changes roles; the person sets their own password from
the invitation link and takes their own authenticator into use. Every function checks who
acts, writes in one transaction with its audit event, and names the staff member in the audit
log by their public id only (never the address). Invitation mail goes out after the commit.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rekisteri.access.groups import role_group
from rekisteri.access.roles import Role
from rekisteri.accounts import mail
from rekisteri.accounts.models import User, normalise_email
from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.audit.services import audit_record
from rekisteri.privacy.datamap import purposes
from rekisteri.staff import sealing, totp
from rekisteri.staff.credentials import invitation_problem, recovery_code_hash, token_hash
from rekisteri.staff.models import (
    RecoveryCode,
    SecondFactorFailure,
    StaffInvitation,
    TotpDevice,
)
from rekisteri.staff.second_factor import code_wait
from rekisteri.staff.sessions import staff_sessions_end

_USERNAME = "user.account.username"
_ROLE = "user.authorization.role"
_CREDENTIALS = "user.authorization.credentials"
_PASSWORD_CATEGORY = "user.authorization.password"  # noqa: S105 - a category name
_LOGINS = "user.behavior.login_history"
_ADMINISTRATION = purposes.STAFF_ADMINISTRATION.key
_SECURITY = purposes.SECURITY.key

RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l


class InvitationProblem(Exception):
    """The invitation link cannot be used; ``kind`` says why (unknown, used, expired)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class CodeThrottled(Exception):
    """Too many wrong codes: the next try must wait ``wait``."""

    def __init__(self, wait: datetime.timedelta) -> None:
        super().__init__("throttled")
        self.wait = wait


@dataclass(frozen=True)
class Invitation:
    user: User
    token: str


def _hours() -> int:
    return int(settings.REKISTERI_STAFF_INVITATION_HOURS)


def _require_administrator(actor: Actor) -> None:
    if actor.kind != ActorKind.STAFF or not actor.has_role(Role.ADMINISTRATOR):
        raise PermissionDenied(_("Only an administrator may manage staff accounts."))


def _require_self(actor: Actor, user: User) -> None:
    if actor.kind != ActorKind.STAFF or actor.ref != str(user.public_id):
        raise PermissionDenied(_("Only the person themselves may do this."))


def _audit(
    actor: Actor,
    action: str,
    user: User,
    categories: Iterable[str],
    purpose: str = _ADMINISTRATION,
    **detail: object,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        subject=str(user.public_id),
        categories=list(categories),
        purpose=purpose,
        detail=dict(detail) or None,
    )


def _role_codes(roles: Iterable[Role]) -> list[str]:
    return sorted(Role(role).value for role in roles)


def _locked(user: User) -> User:
    return User.objects.select_for_update().get(pk=user.pk)


def _other_active_administrators(user: User) -> int:
    admins = User.objects.filter(
        is_active=True, is_staff=True, groups__name=Role.ADMINISTRATOR.value
    ).exclude(pk=user.pk)
    if connection.features.has_select_for_update_of:
        # Two administrators demoting each other at once must not both succeed.
        return len(admins.select_for_update(of=("self",)).values_list("pk", flat=True))
    return admins.count()


def _is_administrator(user: User) -> bool:
    return user.groups.filter(name=Role.ADMINISTRATOR.value).exists()


# Accounts and invitations (the administrator).


def staff_invite(*, actor: Actor, email: str, roles: Iterable[Role]) -> Invitation:
    """Create a staff account with ``roles`` and no password, and email its owner a link to
    set one. The link's token is returned only so the caller can show nothing of it: it is
    kept only as a hash."""
    _require_administrator(actor)
    email = normalise_email(email)
    roles = set(roles)
    with transaction.atomic():
        if User.objects.filter(email=email).exists():
            raise ValidationError(
                _("An account with this email address exists already."), code="exists"
            )
        user = User.objects.create_user(email, None, is_staff=True)
        user.groups.set([role_group(role) for role in roles])
        _audit(actor, "staff.create", user, [_USERNAME, _ROLE], roles=_role_codes(roles))
        token = _invitation_send(actor, user)
    return Invitation(user, token)


def staff_invitation_resend(*, actor: Actor, user: User) -> Invitation:
    """A new link for an account whose owner has not set a password yet; earlier links stop
    working."""
    _require_administrator(actor)
    with transaction.atomic():
        user = _locked(user)
        if user.has_usable_password():
            raise ValidationError(
                _("The person has already set their password."), code="password_set"
            )
        token = _invitation_send(actor, user)
    return Invitation(user, token)


def _invitation_send(actor: Actor, user: User) -> str:
    now = timezone.now()
    StaffInvitation.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
    token = secrets.token_urlsafe(32)
    StaffInvitation.objects.create(
        user=user,
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + datetime.timedelta(hours=_hours()),
    )
    _audit(actor, "staff.invitation_send", user, [_USERNAME, _CREDENTIALS])
    mail.send_on_commit(
        name="invitation",
        to=user.email,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        context={"link": mail.site_link("staff:invitation", token), "hours": _hours()},
        folder="staff/email",
    )
    return token


def staff_invitation_accept(*, actor: Actor, token: str, password: str) -> User:
    """Set the password of the invited account. Raises ``InvitationProblem`` for a link that
    is unknown, used or expired, ``ValidationError`` for a password the rules refuse."""
    if actor.kind not in {ActorKind.PUBLIC, ActorKind.SYSTEM}:
        raise PermissionDenied(_("Sign out before opening an invitation link."))
    with transaction.atomic():
        invitation = (
            StaffInvitation.objects.select_for_update()
            .select_related("user")
            .filter(token_hash=token_hash(token))
            .first()
        )
        problem = invitation_problem(invitation)
        if problem:
            raise InvitationProblem(problem)
        assert invitation is not None
        user = invitation.user
        validate_password(password, user)
        user.set_password(password)
        user.save(update_fields=["password"])
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
        _audit(actor, "staff.invitation_accept", user, [_PASSWORD_CATEGORY, _CREDENTIALS])
    return user


def staff_roles_set(*, actor: Actor, user: User, roles: Iterable[Role]) -> User:
    """Give ``user`` exactly ``roles``; they apply from the person's next request. The last
    active administrator keeps the administrator role."""
    _require_administrator(actor)
    roles = set(roles)
    with transaction.atomic():
        user = _locked(user)
        if not user.is_staff:
            raise PermissionDenied(_("This is not a staff account."))
        if (
            Role.ADMINISTRATOR not in roles
            and _is_administrator(user)
            and user.is_active
            and _other_active_administrators(user) == 0
        ):
            raise ValidationError(
                _("The last active administrator keeps the administrator role."),
                code="last_administrator",
            )
        user.groups.set([role_group(role) for role in roles])
        _audit(actor, "staff.roles_set", user, [_ROLE], roles=_role_codes(roles))
    return user


def staff_disable(*, actor: Actor, user: User) -> int:
    """Disable the account and end every session it has open at once. Returns how many
    sessions were ended."""
    _require_administrator(actor)
    if actor.ref == str(user.public_id):
        raise ValidationError(_("You cannot disable your own account."), code="self")
    with transaction.atomic():
        user = _locked(user)
        if not user.is_staff:
            raise PermissionDenied(_("This is not a staff account."))
        if _is_administrator(user) and user.is_active and _other_active_administrators(user) == 0:
            raise ValidationError(
                _("The last active administrator cannot be disabled."), code="last_administrator"
            )
        user.is_active = False
        user.save(update_fields=["is_active"])
        ended = staff_sessions_end(user.pk)
        _audit(actor, "staff.disable", user, [_ROLE], sessions_ended=ended)
    return ended


def staff_enable(*, actor: Actor, user: User) -> User:
    _require_administrator(actor)
    with transaction.atomic():
        user = _locked(user)
        if not user.is_staff:
            raise PermissionDenied(_("This is not a staff account."))
        user.is_active = True
        user.save(update_fields=["is_active"])
        _audit(actor, "staff.enable", user, [_ROLE])
    return user


def staff_second_factor_reset(*, actor: Actor, user: User) -> int:
    """For a person who lost both their phone and their recovery codes: remove their
    authenticator and codes (they enrol again at their next sign-in) and end their sessions."""
    _require_administrator(actor)
    with transaction.atomic():
        user = _locked(user)
        if not user.is_staff:
            raise PermissionDenied(_("This is not a staff account."))
        TotpDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        ended = staff_sessions_end(user.pk)
        _audit(actor, "staff.second_factor_reset", user, [_CREDENTIALS], sessions_ended=ended)
    return ended


# The second sign-in step (the person themselves).


def _new_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = []
    for _index in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(16))
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(user=user, code_hash=recovery_code_hash(code)) for code in codes]
    )
    return codes


def totp_enrol(*, actor: Actor, user: User, secret: bytes, code: str, now: float) -> list[str]:
    """Take the authenticator holding ``secret`` into use, confirmed by a ``code`` from it,
    and return ten new recovery codes (shown once, kept only as hashes)."""
    _require_self(actor, user)
    wait = code_wait(user.pk)
    if wait.total_seconds() > 0:
        with transaction.atomic():
            _audit(actor, "staff.second_factor_throttled", user, [_CREDENTIALS], _SECURITY)
        raise CodeThrottled(wait)
    step = totp.matching_step(secret, code.strip(), now, after_step=0)
    if step is None:
        with transaction.atomic():
            SecondFactorFailure.objects.create(user=user)
            _audit(actor, "staff.totp_enrol_failure", user, [_CREDENTIALS], _SECURITY)
        raise ValidationError(_("The code is not right. Check the phone's time and try again."))
    with transaction.atomic():
        user = _locked(user)
        if TotpDevice.objects.filter(user=user).exists():
            raise ValidationError(
                _("An authenticator is already in use for this account."), code="enrolled"
            )
        TotpDevice.objects.create(user=user, sealed_secret=sealing.seal(secret), last_step=step)
        codes = _new_recovery_codes(user)
        _audit(actor, "staff.totp_enrol", user, [_CREDENTIALS], _SECURITY)
    return codes


def totp_device_install(
    *, actor: Actor, user: User, secret: bytes, recovery_codes: list[str] | None = None
) -> list[str]:
    """Give ``user`` an authenticator with a known secret, and recovery codes (``recovery_codes``
    or ten new ones). Only the system does this (the demo's accounts, tests); people enrol
    with ``totp_enrol``."""
    if actor.kind != ActorKind.SYSTEM:
        raise PermissionDenied(_("Only the system installs authenticators."))
    with transaction.atomic():
        TotpDevice.objects.update_or_create(
            user=user, defaults={"sealed_secret": sealing.seal(secret), "last_step": 0}
        )
        if recovery_codes is None:
            codes = _new_recovery_codes(user)
        else:
            codes = list(recovery_codes)
            RecoveryCode.objects.filter(user=user).delete()
            RecoveryCode.objects.bulk_create(
                [RecoveryCode(user=user, code_hash=recovery_code_hash(code)) for code in codes]
            )
        _audit(actor, "staff.totp_install", user, [_CREDENTIALS], _SECURITY)
    return codes


def recovery_codes_renew(*, actor: Actor, user: User) -> list[str]:
    """Ten new recovery codes for the person; the old ones stop working."""
    _require_self(actor, user)
    with transaction.atomic():
        codes = _new_recovery_codes(_locked(user))
        _audit(actor, "staff.recovery_codes_renew", user, [_CREDENTIALS], _SECURITY)
    return codes


def second_factor_check(*, actor: Actor, user: User, code: str, now: float) -> str:
    """Check the code of the second sign-in step: a code from the authenticator, or one of
    the recovery codes (each good once). Returns which one it was ("totp" or
    "recovery_code"). Raises ``CodeThrottled`` after too many wrong codes and
    ``ValidationError`` for a wrong one; each failure is counted and audited."""
    _require_self(actor, user)
    wait = code_wait(user.pk)
    if wait.total_seconds() > 0:
        with transaction.atomic():
            _audit(actor, "staff.second_factor_throttled", user, [_CREDENTIALS], _SECURITY)
        raise CodeThrottled(wait)
    with transaction.atomic():
        method = _code_accept(user, code.strip(), now)
        if method:
            _audit(
                actor,
                "staff.second_factor_pass",
                user,
                [_CREDENTIALS, _LOGINS],
                _SECURITY,
                method=method,
            )
            return method
    with transaction.atomic():
        SecondFactorFailure.objects.create(user=user)
        _audit(actor, "staff.second_factor_failure", user, [_CREDENTIALS], _SECURITY)
    raise ValidationError(_("The code is not right."), code="wrong_code")


def _code_accept(user: User, code: str, now: float) -> str:
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is None:
        return ""
    if totp.looks_like_code(code):
        from rekisteri.demo.logins import demo_secret_refused  # the demo imports this module

        try:
            secret = sealing.unseal(device.sealed_secret)
        except sealing.SealBroken:
            return ""
        if demo_secret_refused(secret):
            return ""
        step = totp.matching_step(secret, code, now, after_step=device.last_step)
        if step is None:
            return ""
        device.last_step = step
        device.save(update_fields=["last_step"])
        return "totp"
    used = RecoveryCode.objects.filter(
        user=user, code_hash=recovery_code_hash(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    return "recovery_code" if used else ""


def sign_in_throttled_record(*, actor: Actor) -> None:
    """A staff sign-in refused because of too many failures (who tried is not known yet)."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="staff.sign_in_throttled",
            categories=[_USERNAME, "user.device.ip_address"],
            purpose=_SECURITY,
        )


def invitation_refusal_record(
    *, actor: Actor, kind: str, invitation: StaffInvitation | None
) -> None:
    """An invitation link that could not be used (unknown, used or expired)."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="staff.invitation_refused",
            subject=str(invitation.user.public_id) if invitation is not None else "",
            categories=[_CREDENTIALS],
            purpose=_SECURITY,
            detail={"reason": kind},
        )

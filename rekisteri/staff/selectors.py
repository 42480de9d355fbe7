"""Reads of staff accounts for the administrator's pages.

These are rows about employees, not customers: the administrator manages them without
reading any customer's data, so no customer-read audit applies here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from rekisteri.access.roles import Role
from rekisteri.accounts.models import User
from rekisteri.staff.models import RecoveryCode, StaffInvitation, TotpDevice


@dataclass(frozen=True)
class StaffAccountRow:
    user: User
    roles: list[Role]
    has_password: bool
    has_authenticator: bool


def _staff() -> QuerySet[User]:
    return User.objects.filter(is_staff=True)


def staff_account_list() -> list[StaffAccountRow]:
    users = _staff().order_by("email").prefetch_related("groups").select_related("totp_device")
    return [_row(user) for user in users]


def staff_account_get(public_id: str) -> StaffAccountRow | None:
    """The staff account named by its public id (None for an unknown or malformed id, or an
    account that is not a staff member's)."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        return None
    user = (
        _staff()
        .filter(public_id=key)
        .prefetch_related(Prefetch("groups"))
        .select_related("totp_device")
        .first()
    )
    return _row(user) if user is not None else None


def _row(user: User) -> StaffAccountRow:
    names = {group.name for group in user.groups.all()}
    return StaffAccountRow(
        user=user,
        roles=[role for role in Role if role.value in names],
        has_password=user.has_usable_password(),
        has_authenticator=_has_device(user),
    )


def _has_device(user: User) -> bool:
    try:
        return user.totp_device is not None
    except TotpDevice.DoesNotExist:
        return False


def has_authenticator(user: User) -> bool:
    return TotpDevice.objects.filter(user_id=user.pk).exists()


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(user_id=user.pk, used_at__isnull=True).count()


def invitation_by_token(token_hash: str) -> StaffInvitation | None:
    return StaffInvitation.objects.select_related("user").filter(token_hash=token_hash).first()

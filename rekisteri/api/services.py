"""Creating and revoking integration clients. Each takes an ``actor`` and is audited in its
transaction; the audit event names the client by its id, never by its name (free text)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rekisteri.access.roles import Role
from rekisteri.api.models import ApiClient
from rekisteri.api.policy import CLIENT_ROLES
from rekisteri.api.tokens import token_hash, token_new
from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.audit.services import audit_record
from rekisteri.privacy.datamap import purposes

# The roles a client may be given, in the order forms and commands offer them.
ROLE_CHOICES = tuple(role for role in Role if role in CLIENT_ROLES)


def _check_manager(actor: Actor) -> None:
    """The operator (system) or an administrator manages clients."""
    if actor.kind == ActorKind.SYSTEM:
        return
    if actor.kind == ActorKind.STAFF and actor.has_role(Role.ADMINISTRATOR):
        return
    raise PermissionDenied(_("Only an administrator may manage API clients."))


def api_client_create(
    *, actor: Actor, name: str, roles: Iterable[Role | str]
) -> tuple[ApiClient, str]:
    """A new client and its token. The token is returned here once and never again."""
    _check_manager(actor)
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the client a name."), code="required")
    chosen: list[Role] = []
    for value in roles:
        if value not in Role.values:
            raise ValidationError(_("Unknown role."), code="role")
        role = Role(value)
        if role not in CLIENT_ROLES:
            raise ValidationError(
                _("An API client cannot hold the administrator's role."), code="administrator"
            )
        if role not in chosen:
            chosen.append(role)
    if not chosen:
        raise ValidationError(_("Give the client at least one role."), code="roles")
    token = token_new()
    with transaction.atomic():
        if ApiClient.objects.filter(name=name, is_active=True).exists():
            raise ValidationError(_("An active client already has this name."), code="unique")
        client = ApiClient(
            name=name, roles=sorted(role.value for role in chosen), token_hash=token_hash(token)
        )
        client.full_clean()
        client.save(force_insert=True)
        audit_record(
            actor=actor,
            action="api_client.create",
            purpose=purposes.SECURITY.key,
            detail={"client": str(client.public_id), "roles": client.roles},
        )
    return client, token


def api_client_revoke(*, actor: Actor, client: ApiClient) -> bool:
    """End a client's access at once; its token stops working on the next request.
    Returns False when it was already revoked (nothing recorded)."""
    _check_manager(actor)
    with transaction.atomic():
        revoked = ApiClient.objects.filter(pk=client.pk, is_active=True).update(
            is_active=False, revoked_at=timezone.now()
        )
        if not revoked:
            return False
        audit_record(
            actor=actor,
            action="api_client.revoke",
            purpose=purposes.SECURITY.key,
            detail={"client": str(client.public_id)},
        )
    client.refresh_from_db()
    return True

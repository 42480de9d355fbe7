"""Who acts: every service takes an ``actor`` so that its audit event can say who did it.

An actor is named by a pseudonymous reference (a staff member's or customer's random public
id, or the name of a system job), never by a name or an email address.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from rekisteri.access.roles import Role, roles_of


class ActorKind(models.TextChoices):
    SYSTEM = "system", _("the system")
    STAFF = "staff", _("staff member")
    CUSTOMER = "customer", _("the customer")
    API_CLIENT = "api_client", _("integration")
    PUBLIC = "public", _("a visitor to the site")


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    ref: str
    roles: frozenset[Role] = field(default_factory=frozenset)

    @classmethod
    def system(cls, job: str) -> Actor:
        return cls(ActorKind.SYSTEM, job)

    @classmethod
    def public(cls) -> Actor:
        return cls(ActorKind.PUBLIC, "")

    @classmethod
    def for_staff(cls, user: object) -> Actor:
        """The signed-in staff member, with the roles they hold right now."""
        return cls(ActorKind.STAFF, str(user.public_id), roles_of(user))  # type: ignore[attr-defined]

    def has_role(self, role: Role) -> bool:
        return role in self.roles

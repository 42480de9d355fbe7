"""Integration clients: a shop front or an ERP that uses the API with a token of its own.

A client holds staff roles (never the administrator's): the data map then decides, field by
field, what it may read and write, exactly as for a member of staff. Its token is shown once,
when it is created; only a hash of it is kept, so a copy of the database cannot be used to
call the API.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.access.roles import Role


class ApiClient(models.Model):
    public_id = models.UUIDField(_("client id"), default=uuid.uuid4, unique=True, editable=False)
    # What the integration is (e.g. "verkkokauppa", "erp"): a system, not a person.
    name = models.CharField(_("name"), max_length=100)
    # Role codes (``Role`` values), read on every request.
    roles = models.JSONField(_("roles"), default=list)
    # SHA-256 of the token, in hex. The token is 256 random bits, so a plain hash is enough:
    # there is nothing to guess that a slow hash would protect.
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        constraints = [
            # A name stays free for a new client once the old one is revoked.
            models.UniqueConstraint(
                fields=["name"], condition=Q(is_active=True), name="api_client_active_name"
            ),
        ]

    def __str__(self) -> str:
        return f"API client {self.public_id}"

    @property
    def role_set(self) -> frozenset[Role]:
        valid = set(Role.values) - {Role.ADMINISTRATOR.value}
        return frozenset(Role(code) for code in self.roles if code in valid)

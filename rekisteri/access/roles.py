"""The staff roles, declared once.

Each role is a Django group of the same name (created by a data migration). A person may hold
several roles. What each role may read and write of personal data is not listed here: the data
map declares it field by field, and ``rekisteri.access.policy`` answers from the map.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    WAREHOUSE = "warehouse", _("Warehouse")
    MARKETING = "marketing", _("Marketing")
    CREDIT_CONTROL = "credit_control", _("Credit control")
    REGISTER_MANAGER = "register_manager", _("Register manager")
    ADMINISTRATOR = "administrator", _("Administrator")
    CATALOGUE = "catalogue", _("Catalogue")


def roles_of(user: object) -> frozenset[Role]:
    """The roles a user holds now (read on every request, so a change applies at once)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return frozenset()
    groups = user.groups.values_list("name", flat=True)  # type: ignore[attr-defined]
    valid = set(Role.values)
    return frozenset(Role(name) for name in groups if name in valid)

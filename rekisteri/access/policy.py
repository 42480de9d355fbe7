"""Field-level access, answered from the data map.

Every staff page and API response asks this module which fields of a model the viewer's roles
may read or write; fields not allowed are left out, not merely hidden.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from rekisteri.access.roles import Role


def readable_fields(roles: Iterable[Role], model: type[models.Model]) -> list[str]:
    from rekisteri.privacy.datamap import datamap

    held = set(roles)
    model_map = datamap.model_map(model)
    if model_map is None:
        return []
    return [name for name, personal in model_map.fields.items() if personal.read & held]


def writable_fields(roles: Iterable[Role], model: type[models.Model]) -> list[str]:
    from rekisteri.privacy.datamap import datamap

    held = set(roles)
    model_map = datamap.model_map(model)
    if model_map is None:
        return []
    return [name for name, personal in model_map.fields.items() if personal.write & held]


def may_read(roles: Iterable[Role], model: type[models.Model], field: str) -> bool:
    return field in readable_fields(roles, model)

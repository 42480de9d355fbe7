"""Roles as Django groups: each role is the group of the same name."""

from __future__ import annotations

from django.contrib.auth.models import Group

from rekisteri.access.roles import Role


def role_group(role: Role) -> Group:
    group, _created = Group.objects.get_or_create(name=role.value)
    return group


def ensure_role_groups() -> None:
    for role in Role:
        role_group(role)

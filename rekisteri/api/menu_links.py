"""The API's link on the back office's front page (the administrator's client list)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.access.roles import Role
from rekisteri.staff.menu import menu_register


def register_links() -> None:
    menu_register(
        section=_("Settings"),
        label=_("Integration API clients"),
        url_name="staff:api_clients",
        roles={Role.ADMINISTRATOR},
        order=895,
    )

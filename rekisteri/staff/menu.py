"""The back office's front page: each app registers the links of its staff pages here, with
the roles that may open them, and the front page shows a person the links their roles allow.

A link's roles are only what the menu shows; the page itself checks access on every request.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise

from rekisteri.access.roles import Role


@dataclass(frozen=True)
class MenuLink:
    section: str | Promise
    label: str | Promise
    url_name: str
    roles: frozenset[Role]
    order: int


@dataclass(frozen=True)
class MenuSection:
    heading: str | Promise
    links: list[MenuLink]


_links: list[MenuLink] = []


def menu_register(
    *,
    section: str | Promise,
    label: str | Promise,
    url_name: str,
    roles: Iterable[Role],
    order: int = 100,
) -> None:
    """Add a link to the front page (called from an app's ``ready``); a link registered
    twice under the same URL name is kept once."""
    if any(link.url_name == url_name for link in _links):
        return
    _links.append(MenuLink(section, label, url_name, frozenset(roles), order))


def menu_for(roles: Iterable[Role]) -> list[MenuSection]:
    """The sections and links these roles may use, in registration order within the order
    numbers."""
    held = set(roles)
    sections: dict[str, MenuSection] = {}
    for link in sorted(_links, key=lambda link: link.order):
        if not link.roles & held:
            continue
        key = str(link.section)
        if key not in sections:
            sections[key] = MenuSection(link.section, [])
        sections[key].links.append(link)
    return list(sections.values())

"""The pages of My account, registered by the apps that own them.

Each app adds its own page in its ``AppConfig.ready``::

    from rekisteri.accounts.sections import Section, my_account_sections

    my_account_sections.register(
        Section("marketing", _("Marketing permissions"), "consents:my_permissions", order=40)
    )

The hub at /oma-tili/ lists them by ``order``, then ``key``. The accounts app uses 10–30
(profile, email address, password); leave gaps so others can fit in between.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    url_name: str  # a URL name without arguments, e.g. "accounts:profile"
    order: int = 100
    description: str | Promise = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


class SectionRegistry:
    def __init__(self) -> None:
        self._sections: dict[str, Section] = {}

    def register(self, section: Section) -> None:
        current = self._sections.get(section.key)
        if current is not None and current != section:
            raise ValueError(f"My account already has a section {section.key!r}")
        self._sections[section.key] = section

    def all(self) -> list[Section]:
        return sorted(self._sections.values(), key=lambda s: (s.order, s.key))

    @contextmanager
    def extended(self) -> Iterator[SectionRegistry]:
        """Sections added inside the block are forgotten after it (tests use it)."""
        saved = dict(self._sections)
        try:
            yield self
        finally:
            self._sections = saved


my_account_sections = SectionRegistry()

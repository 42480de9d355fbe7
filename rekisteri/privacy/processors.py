"""The processor registry and the storage locations (seed S13, GDPR Art. 28 and 44, L17, L18).

A processor is an outside party that receives personal data from the register (for example
the payment service provider). An integration registers its processor here; it cannot send
data to one that is not registered. Storage locations are where the register itself lies: the
database and the backups, each with its country from the settings.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rekisteri.config import EU_EEA_COUNTRIES


@dataclass(frozen=True)
class Processor:
    key: str
    name: str
    country: str  # ISO 3166-1 alpha-2
    purpose: str | Promise
    categories: tuple[str, ...]
    contract_reference: str
    # Another processor this one passes data to (a sub-processor), by key.
    receives_from: str | None = None

    @property
    def inside_eu_eea(self) -> bool:
        return self.country.upper() in EU_EEA_COUNTRIES


@dataclass(frozen=True)
class StorageLocation:
    key: str
    title: str | Promise
    country: str
    setting: str

    @property
    def inside_eu_eea(self) -> bool:
        return self.country.upper() in EU_EEA_COUNTRIES


class ProcessorRegistry:
    def __init__(self) -> None:
        self._processors: dict[str, Processor] = {}

    def register(self, processor: Processor) -> Processor:
        if processor.key in self._processors:
            raise ValueError(f"processor {processor.key} is registered twice")
        self._processors[processor.key] = processor
        return processor

    def get(self, key: str) -> Processor:
        """The registered processor ``key``; an unregistered one cannot be used (L17)."""
        try:
            return self._processors[key]
        except KeyError:
            raise LookupError(f"processor {key!r} is not in the processor registry") from None

    def all(self) -> list[Processor]:
        return sorted(self._processors.values(), key=lambda p: (p.receives_from or "", p.key))

    @contextmanager
    def extended(self) -> Iterator[ProcessorRegistry]:
        saved = dict(self._processors)
        try:
            yield self
        finally:
            self._processors = saved


processors = ProcessorRegistry()


def storage_locations() -> list[StorageLocation]:
    """Where the register's data lies, read from the settings each time."""
    return [
        StorageLocation(
            "database",
            _("the register's database"),
            settings.REKISTERI_DATABASE_COUNTRY,
            "REKISTERI_DATABASE_COUNTRY",
        ),
        StorageLocation(
            "backups",
            _("backups"),
            settings.REKISTERI_BACKUP_COUNTRY,
            "REKISTERI_BACKUP_COUNTRY",
        ),
    ]

"""System checks that refuse a configuration breaking the register's promises.

- every model field is in the data map or declared non-personal;
- no processor and no storage location lies outside the EU/EEA (seed S13, L18);
- every processor only receives categories the data map knows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core.checks import CheckMessage, Error, register

from rekisteri.privacy.datamap import datamap
from rekisteri.privacy.datamap.categories import CATEGORIES
from rekisteri.privacy.processors import processors, storage_locations


@register("privacy")
def check_locations_inside_eu_eea(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for location in storage_locations():
        if not location.inside_eu_eea:
            errors.append(
                Error(
                    f"{location.setting}={location.country}: the {location.key} would lie outside "
                    "the EU/EEA, which the register description rules out",
                    hint=f"Set {location.setting} to the country of an EU/EEA data centre.",
                    id="rekisteri.E001",
                )
            )
    for processor in processors.all():
        if not processor.inside_eu_eea:
            errors.append(
                Error(
                    f"processor {processor.key} ({processor.name}) is in {processor.country}, "
                    "outside the EU/EEA",
                    hint="Only processors inside the EU/EEA may receive the register's data.",
                    id="rekisteri.E002",
                )
            )
        unknown = [c for c in processor.categories if c not in CATEGORIES]
        if unknown:
            errors.append(
                Error(
                    f"processor {processor.key} receives undeclared categories {unknown}",
                    id="rekisteri.E003",
                )
            )
    return errors


@register("privacy")
def check_every_field_mapped(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    return [
        Error(
            f"{label} is neither in the data map nor declared non-personal",
            hint="Declare it in the app's datamap.py.",
            id="rekisteri.E010",
        )
        for label in datamap.unmapped_fields()
    ]

"""Reading the organisation settings (public data: they appear on every page)."""

from __future__ import annotations

from rekisteri.organisation.models import Organisation


def organisation_get() -> Organisation | None:
    """The settings row, or None before the operator has entered it."""
    return Organisation.objects.prefetch_related("opening_hours").filter(pk=1).first()

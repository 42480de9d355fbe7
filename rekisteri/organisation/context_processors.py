from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from rekisteri.organisation.selectors import organisation_get


def organisation(request: HttpRequest) -> dict[str, Any]:
    """The controller's details for every page's header and footer (seed S1)."""
    return {"organisation": SimpleLazyObject(organisation_get)}

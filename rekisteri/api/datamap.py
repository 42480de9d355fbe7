"""The API's own tables in the data map: integration clients are systems, not people."""

from __future__ import annotations

from rekisteri.api.models import ApiClient
from rekisteri.privacy.datamap.registry import datamap

datamap.declare_non_personal(ApiClient)

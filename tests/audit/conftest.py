from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """The checks below read verification messages in English (they are translated)."""
    with translation.override("en"):
        yield

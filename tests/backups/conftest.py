from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _backup_files(settings, tmp_path: Path) -> None:
    """Each test gets its own backup key and backup location."""
    settings.REKISTERI_BACKUP_KEY_FILE = tmp_path / "backup_key"
    settings.REKISTERI_BACKUP_DIR = tmp_path / "backups"


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    with translation.override("en"):
        yield

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

from tests.consents.conftest import permission_texts  # noqa: F401 - the first texts


@pytest.fixture(autouse=True)
def _backup_files(settings, tmp_path: Path) -> None:
    """Each test gets its own backup key and backup location."""
    settings.REKISTERI_BACKUP_KEY_FILE = tmp_path / "backup_key"
    settings.REKISTERI_BACKUP_DIR = tmp_path / "backups"


@pytest.fixture(autouse=True)
def _first_permission_texts(permission_texts: None) -> None:  # noqa: F811
    """The tests here empty the tables between them (``transaction=True``), so the data
    migration's rows are put back for each. (Django's serialized rollback would do it too,
    but clashes with the content types that a flush by an earlier test recreates.)"""


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    with translation.override("en"):
        yield

"""Finnish and Swedish are complete: every message in the code has a translation.

The catalogues are extracted afresh from a copy of the sources (so a string added without
running ``make messages`` is caught too) and read for empty or fuzzy entries.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "rekisteri"


def _entries(po_file: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for each entry but the header; plural forms joined."""
    entries = []
    for block in po_file.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        texts: dict[str, str] = {}
        current = None
        for line in lines:
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                texts[current] = match.group(2)
            elif line.startswith('"') and current:
                texts[current] += line[1:-1]
        if texts.get("msgid"):
            translated = "".join(v for k, v in texts.items() if k.startswith("msgstr"))
            entries.append((texts["msgid"], translated, fuzzy))
    return entries


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory) -> Path:
    if shutil.which("xgettext") is None:
        pytest.fail("gettext is needed to extract messages: apt-get install gettext")
    copy = tmp_path_factory.mktemp("sources") / "rekisteri"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rekisteri.settings.test",
        "REKISTERI_DATA_DIR": str(tmp_path_factory.mktemp("data")),
    }
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "fi",
            "-l",
            "sv",
            "--ignore",
            "migrations/*",
            "--no-obsolete",
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return copy / "locale"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_message_is_translated(fresh_catalogues: Path, language: str) -> None:
    entries = _entries(fresh_catalogues / language / "LC_MESSAGES" / "django.po")
    assert len(entries) > 300
    missing = [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy]
    assert missing == [], f"{language}: {len(missing)} untranslated, first: {missing[:5]}"


def test_the_compiled_catalogues_are_up_to_date() -> None:
    for language in ("fi", "sv", "en"):
        directory = PACKAGE / "locale" / language / "LC_MESSAGES"
        po, mo = directory / "django.po", directory / "django.mo"
        assert mo.exists(), f"{language}: run make messages"
        assert mo.stat().st_mtime >= po.stat().st_mtime - 1, f"{language}: run make messages"

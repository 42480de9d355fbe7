"""The ``rekisteri`` program as a shell pipeline sees it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_a_reader_that_stops_reading_ends_the_command_quietly(tmp_path: Path) -> None:
    """As in ``rekisteri backup | head -n 1``: no traceback, and the status of a program
    stopped by SIGPIPE (128 + 13), as other command-line tools end."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("REKISTERI_") and name not in {"DJANGO_SETTINGS_MODULE"}
    }
    env["REKISTERI_DATA_DIR"] = str(tmp_path)
    read, write = os.pipe()
    os.close(read)  # nobody reads what the command prints
    try:
        result = subprocess.run(
            [sys.executable, "-m", "rekisteri", "help"],
            stdout=write,
            stderr=subprocess.PIPE,
            env=env,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write)
    assert result.stderr == b""
    assert result.returncode == 141

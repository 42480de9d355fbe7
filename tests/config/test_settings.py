"""Configuration from the environment: production refuses to start half-configured, and
with its settings given, Django's deployment check has nothing to say."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

GOOD_SECRET = "s3cr3t-" + "k" * 30 + "-0123456789abcdefghijklmnop"


def rekisteri(*args: str, env: dict[str, str], data_dir: Path) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("REKISTERI_") and k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    clean.update({"REKISTERI_DATA_DIR": str(data_dir), **env})
    return subprocess.run(
        [sys.executable, "-m", "rekisteri", *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_one_line_error(result: subprocess.CompletedProcess, *needles: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0]


def test_production_without_a_secret_key_refuses_naming_the_setting(tmp_path) -> None:
    result = rekisteri(
        "check",
        env={"REKISTERI_ENV": "production", "REKISTERI_ALLOWED_HOSTS": "kauppa.example"},
        data_dir=tmp_path,
    )
    assert_one_line_error(result, "REKISTERI_SECRET_KEY")


def test_production_without_allowed_hosts_refuses_naming_the_setting(tmp_path) -> None:
    result = rekisteri(
        "check",
        env={"REKISTERI_ENV": "production", "REKISTERI_SECRET_KEY": GOOD_SECRET},
        data_dir=tmp_path,
    )
    assert_one_line_error(result, "REKISTERI_ALLOWED_HOSTS")


def test_production_with_a_storage_country_outside_the_eu_eea_refuses(tmp_path) -> None:
    result = rekisteri(
        "check",
        env={
            "REKISTERI_ENV": "production",
            "REKISTERI_SECRET_KEY": GOOD_SECRET,
            "REKISTERI_ALLOWED_HOSTS": "kauppa.example",
            "REKISTERI_BACKUP_COUNTRY": "US",
        },
        data_dir=tmp_path,
    )
    assert_one_line_error(result, "REKISTERI_BACKUP_COUNTRY")


def test_production_settings_pass_the_deployment_check_with_zero_warnings(tmp_path) -> None:
    result = rekisteri(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "REKISTERI_ENV": "production",
            "REKISTERI_SECRET_KEY": GOOD_SECRET,
            "REKISTERI_ALLOWED_HOSTS": "kauppa.example",
        },
        data_dir=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_secret_key_can_come_from_a_file(tmp_path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(GOOD_SECRET)
    result = rekisteri(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "REKISTERI_ENV": "production",
            "REKISTERI_SECRET_KEY_FILE": str(key_file),
            "REKISTERI_ALLOWED_HOSTS": "kauppa.example",
        },
        data_dir=tmp_path,
    )
    assert result.returncode == 0, result.stderr


def test_without_database_url_sqlite_in_wal_mode_lives_in_the_data_directory(tmp_path) -> None:
    result = rekisteri("migrate", "--no-input", env={}, data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    database = tmp_path / "rekisteri.sqlite3"
    assert database.exists()
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_development_secret_key_is_made_once_and_kept(tmp_path) -> None:
    first = rekisteri("check", env={}, data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"
    rekisteri("check", env={}, data_dir=tmp_path)
    assert (tmp_path / "secret_key").read_text() == key


def test_a_bad_database_url_refuses_naming_the_setting(tmp_path) -> None:
    result = rekisteri("check", env={"DATABASE_URL": "mysql://x@localhost/db"}, data_dir=tmp_path)
    assert_one_line_error(result, "DATABASE_URL")


def test_database_url_selects_postgresql(monkeypatch) -> None:
    from rekisteri.settings import base

    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kauppa")
    config = base.database_config()
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "kauppa"


@pytest.mark.parametrize(
    "args",
    [
        ["register_description", "--lang", "de"],
        ["ropa", "--format"],
        ["register_description", "--number", "many"],
    ],
)
def test_bad_command_arguments_give_one_line_and_a_non_zero_exit(tmp_path, args) -> None:
    result = rekisteri(*args, env={}, data_dir=tmp_path)
    assert_one_line_error(result)

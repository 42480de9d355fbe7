"""Reading the environment into settings.

Settings come from environment variables (12-factor). A missing or bad value raises
``ConfigurationError`` whose message names the variable, so that the ``rekisteri`` command
can print one line instead of a traceback.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

# EU member states and the three further EEA states (ISO 3166-1 alpha-2).
EU_EEA_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
        "IS",
        "LI",
        "NO",
    ]
)


class ConfigurationError(ImproperlyConfigured):
    """The environment does not describe a runnable configuration."""


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip()


def env_required(name: str, reason: str) -> str:
    value = env_str(name)
    if value is None:
        raise ConfigurationError(f"{name} is required {reason}")
    return value


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str) -> list[str]:
    value = env_str(name, "") or ""
    return [item.strip() for item in value.split(",") if item.strip()]


def env_country(name: str, default: str) -> str:
    """An ISO country code that must lie inside the EU/EEA (seed S13)."""
    value = (env_str(name, default) or default).upper()
    if value not in EU_EEA_COUNTRIES:
        raise ConfigurationError(
            f"{name}={value} is outside the EU/EEA; the register may not be stored there"
        )
    return value


def data_dir() -> Path:
    path = Path(env_str("REKISTERI_DATA_DIR", "./var") or "./var").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_from_file_or_env(name: str) -> str | None:
    """A secret given directly (NAME) or as a file path (NAME_FILE)."""
    file_name = env_str(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ConfigurationError(f"{name}_FILE cannot be read: {error.strerror}") from None
    return env_str(name)


def secret_file(path: Path, make: Callable[[], str]) -> str:
    """The secret kept in ``path``, made with ``make`` the first time.

    It is written whole to a private temporary file and then linked into place, so no reader
    ever sees a half-written secret and of two first writers one simply loses.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(make())
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    return path.read_text(encoding="ascii").strip()


def generated_secret_key(directory: Path) -> str:
    """The demo's secret key: made once, kept in the data directory, readable only by us."""
    return secret_file(directory / "secret_key", lambda: secrets.token_urlsafe(64))

"""The demo staff accounts' passwords: generated once and kept in a file readable only by
the operator, so that every run of the demo prints logins that still work."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from django.utils.translation import gettext as _

from rekisteri.access.roles import Role
from rekisteri.demo import data

LOGINS_FILE_NAME = "demo-staff-logins.json"


class DemoLoginsError(Exception):
    """The file of demo passwords exists but cannot be read."""


def demo_staff_email(role: Role) -> str:
    return f"{role.value}@{data.STAFF_DOMAIN}"


def demo_passwords(path: Path) -> dict[str, str]:
    """Each role's password: made once, then read back from ``path`` (mode 0600)."""
    stored: dict[str, str] = {}
    if path.exists():
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise DemoLoginsError(
                _("%(path)s cannot be read: %(error)s") % {"path": path, "error": error}
            ) from None
        if not isinstance(loaded, dict):
            raise DemoLoginsError(_("%(path)s does not hold the demo logins") % {"path": path})
        stored = {str(key): str(value) for key, value in loaded.items()}
    wanted = {role.value: stored.get(role.value) or secrets.token_urlsafe(12) for role in Role}
    if wanted != stored:
        _write_private(path, json.dumps(wanted, indent=2, sort_keys=True) + "\n")
    return wanted


def _write_private(path: Path, text: str) -> None:
    """Replace ``path`` with ``text``, readable only by this user, in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, path)

"""The demo staff accounts' logins: passwords generated once and kept in a file readable only
by the operator, so that every run of the demo prints logins that still work; and the second
sign-in step, made usable without a phone, only in the demo."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.demo import data
from rekisteri.demo.guard import is_production
from rekisteri.staff import totp
from rekisteri.staff.credentials import recovery_code_hash
from rekisteri.staff.models import RecoveryCode, TotpDevice
from rekisteri.staff.sealing import SealBroken, unseal
from rekisteri.staff.services import totp_device_install

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


# The second sign-in step of the demo's staff accounts. A newcomer trying the demo has no
# authenticator set up for it, so the demo accounts get one with a fixed, published secret,
# and the code page of the demo shows the current code for them. Neither works in production:
# the hint is never shown there, and the published secret is refused.

# Twenty bytes (RFC 4226's recommended length), published here: anyone may compute its codes.
DEMO_TOTP_SECRET = b"rekisteri-demo-totp!"


def is_demo_staff_account(user: Any) -> bool:
    """A demo staff account, outside production."""
    email = str(getattr(user, "email", ""))
    return not is_production() and email.endswith(f"@{data.STAFF_DOMAIN}")


def demo_recovery_codes(password: str) -> list[str]:
    """The demo account's ten recovery codes, derived from its password (which is kept in
    the operator's private file), so every run of the demo prints the same codes."""
    codes = []
    for index in range(10):
        digest = hmac.new(password.encode(), f"recovery-{index}".encode(), hashlib.sha256)
        letters = base64.b32encode(digest.digest()).decode("ascii").lower()[:16]
        codes.append("-".join(letters[i : i + 4] for i in range(0, 16, 4)))
    return codes


def demo_second_factor_load(*, actor: Actor, user: Any, password: str) -> list[str]:
    """Give a demo staff account the demo authenticator and its recovery codes, unless it
    has them already (all unused); returns the codes, for printing with the logins."""
    if is_production():
        raise DemoLoginsError(_("the demo's authenticator is not used in production"))
    codes = demo_recovery_codes(password)
    if not _demo_second_factor_in_place(user, codes):
        totp_device_install(actor=actor, user=user, secret=DEMO_TOTP_SECRET, recovery_codes=codes)
    return codes


def _demo_second_factor_in_place(user: Any, codes: list[str]) -> bool:
    device = TotpDevice.objects.filter(user_id=user.pk).first()
    if device is None:
        return False
    try:
        if unseal(device.sealed_secret) != DEMO_TOTP_SECRET:
            return False
    except SealBroken:
        return False
    unused = set(
        RecoveryCode.objects.filter(user_id=user.pk, used_at__isnull=True).values_list(
            "code_hash", flat=True
        )
    )
    return unused == {recovery_code_hash(code) for code in codes}


def demo_code_hint(user: Any, secret: bytes | None = None) -> str:
    """The code the demo's code page shows a demo staff account ("" elsewhere): from
    ``secret`` when enrolling, otherwise from the account's authenticator; the next code
    not used yet."""
    if not is_demo_staff_account(user):
        return ""
    last_step = 0
    if secret is None:
        device = TotpDevice.objects.filter(user_id=user.pk).first()
        if device is None:
            return ""
        try:
            secret = unseal(device.sealed_secret)
        except SealBroken:
            return ""
        last_step = device.last_step
    step = max(totp.time_step(time.time()), last_step + 1)
    return totp.hotp(secret, step)


def demo_secret_refused(secret: bytes) -> bool:
    """In production, the published demo secret opens nothing."""
    return is_production() and secret == DEMO_TOTP_SECRET


def demo_second_factor_note() -> list[str]:
    """What ``rekisteri demo`` prints about the second sign-in step, after the logins."""
    return [
        _(
            "After the password, the back office asks for a code. In the demo, the code page "
            "shows it; or type one of the account's recovery codes printed below, or add this "
            "key to an authenticator app: %(key)s"
        )
        % {"key": totp.base32_secret(DEMO_TOTP_SECRET)},
    ]

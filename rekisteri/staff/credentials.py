"""How the staff sign-in's single-use secrets are kept and checked: invitation link tokens
and recovery codes are stored only as SHA-256 hashes. Both are random (256 and 80 bits), so
a plain hash is enough: there is nothing to guess from it."""

from __future__ import annotations

import hashlib

from django.utils import timezone

from rekisteri.staff.models import StaffInvitation


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def recovery_code_hash(code: str) -> str:
    """Codes are compared without case, spaces or hyphens."""
    cleaned = "".join(ch for ch in code.lower() if ch.isascii() and ch.isalnum())
    return hashlib.sha256(cleaned.encode()).hexdigest()


def invitation_problem(invitation: StaffInvitation | None) -> str:
    """Why the invitation cannot be used: "unknown", "used" or "expired" ("" if it can)."""
    if invitation is None or not invitation.user.is_staff:
        return "unknown"
    if invitation.used_at is not None:
        return "used"
    if invitation.expires_at <= timezone.now() or not invitation.user.is_active:
        return "expired"
    return ""

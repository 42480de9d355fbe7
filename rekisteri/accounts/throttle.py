"""Sign-in throttling: how long the next try on an account, or from an address, must wait.

Failures are counted in a sliding window (``REKISTERI_SIGN_IN_WINDOW_MINUTES``) per account and
per client address. When either count has reached its limit, further tries wait until the
oldest counted failure leaves the window, so the wait ends by itself and an account gets at
most ``limit`` guesses per window. The account is named by a keyed hash of the address typed,
whether or not an account has it, so an unknown address is throttled exactly like a real one.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from rekisteri.accounts.models import SignInFailure, normalise_email


def account_key(email: str) -> str:
    return _keyed_hash("account", normalise_email(email))


def address_key(address: str) -> str:
    return _keyed_hash("address", address)


def _keyed_hash(kind: str, value: str) -> str:
    # HMAC with the secret key: without the key, the stored value cannot be turned back into
    # an address by trying every address.
    return salted_hmac(f"rekisteri.accounts.throttle.{kind}", value, algorithm="sha256").hexdigest()


def client_address(request: HttpRequest) -> str:
    """The address the request came from (a reverse proxy must pass it on as REMOTE_ADDR)."""
    return str(request.META.get("REMOTE_ADDR") or "")


def window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.REKISTERI_SIGN_IN_WINDOW_MINUTES)


def sign_in_wait(*, email: str, address: str) -> datetime.timedelta:
    """How long a sign-in with ``email`` from ``address`` must wait (zero: it may go ahead)."""
    now = timezone.now()
    waits = [
        _wait(now, "account_key", account_key(email), settings.REKISTERI_SIGN_IN_ACCOUNT_FAILURES),
        _wait(
            now, "address_key", address_key(address), settings.REKISTERI_SIGN_IN_ADDRESS_FAILURES
        ),
    ]
    return max(waits)


def _wait(now: datetime.datetime, field: str, key: str, limit: int) -> datetime.timedelta:
    recent = list(
        SignInFailure.objects.filter(**{field: key, "failed_at__gt": now - window()})
        .order_by("-failed_at")
        .values_list("failed_at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return datetime.timedelta(0)
    # Below the limit again once the limit-th most recent failure has left the window.
    return max(recent[limit - 1] + window() - now, datetime.timedelta(0))

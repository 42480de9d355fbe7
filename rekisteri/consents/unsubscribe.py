"""One-click unsubscribe links (L21, RFC 8058).

Every marketing message carries a link that withdraws the permission of its channel without
signing in. The link's token is signed with the site's secret key and a salt of its own, so it
cannot be forged or reused for another purpose, and it holds only the customer's pseudonymous
``public_id`` and the channel, never an address. It does not expire: a message read a year
later must still let its reader say no. The same person and channel always get the same token.

``unsubscribe_headers`` gives the headers a mail client needs to show its own unsubscribe
button and to unsubscribe with a single POST (``List-Unsubscribe`` and
``List-Unsubscribe-Post: List-Unsubscribe=One-Click``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core import signing
from django.urls import reverse

from rekisteri.consents.models import MarketingChannel
from rekisteri.customers.models import Customer

_SALT = "rekisteri.consents.unsubscribe"
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


@dataclass(frozen=True)
class UnsubscribeTarget:
    public_id: uuid.UUID
    channel: MarketingChannel


def _signer() -> signing.Signer:
    return signing.Signer(salt=_SALT)


def unsubscribe_token(customer: Customer, channel: MarketingChannel) -> str:
    channel = MarketingChannel(channel)
    return _signer().sign_object({"c": customer.public_id.hex, "ch": channel.value})


def unsubscribe_token_read(token: str) -> UnsubscribeTarget | None:
    """What a token says, or None when it was not made by ``unsubscribe_token``."""
    try:
        payload = _signer().unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        return None
    if not isinstance(payload, dict) or set(payload) != {"c", "ch"}:
        return None
    try:
        return UnsubscribeTarget(uuid.UUID(hex=payload["c"]), MarketingChannel(payload["ch"]))
    except (TypeError, ValueError, AttributeError):
        return None


def unsubscribe_path(customer: Customer, channel: MarketingChannel) -> str:
    return reverse("consents:unsubscribe", kwargs={"token": unsubscribe_token(customer, channel)})


def unsubscribe_url(customer: Customer, channel: MarketingChannel, *, base_url: str) -> str:
    """The absolute link. RFC 8058 wants HTTPS; plain HTTP is allowed only for this machine
    (the demo)."""
    parts = urlsplit(base_url)
    local = parts.scheme == "http" and parts.hostname in _LOCAL_HOSTS
    if not (parts.scheme == "https" or local) or not parts.netloc:
        raise ValueError("unsubscribe links need an https:// base URL")
    return base_url.rstrip("/") + unsubscribe_path(customer, channel)


def unsubscribe_headers(
    customer: Customer,
    *,
    base_url: str,
    channel: MarketingChannel = MarketingChannel.EMAIL,
) -> dict[str, str]:
    """The RFC 8058 headers for one outgoing marketing message to ``customer``."""
    url = unsubscribe_url(customer, channel, base_url=base_url)
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }

"""Paytrail's HMAC signatures: on requests, on responses, and on redirect and callback URLs.

The signed text is every ``checkout-`` header (or query parameter), named in lowercase and
sorted, written ``name:value`` one to a line, followed by the body exactly as sent (an empty
string when there is none). The HMAC of that text with the merchant's secret key, in lowercase
hex, travels in ``signature``. Paytrail may add new ``checkout-`` names at any time, so the
names are never listed here: whatever is present is signed.
"""

from __future__ import annotations

import datetime
import hmac
import uuid
from collections.abc import Mapping

ALGORITHMS = frozenset({"sha256", "sha512"})
PREFIX = "checkout-"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"


def sign(headers: Mapping[str, str], body: str, secret: str, algorithm: str) -> str:
    """The signature of ``headers`` (only their ``checkout-`` entries count) and ``body``.

    Raises ValueError for an algorithm other than sha256 or sha512, and when two names differ
    only in case (which of them was meant would be a guess).
    """
    if algorithm not in ALGORITHMS:
        raise ValueError("unsupported signature algorithm")
    signed: dict[str, str] = {}
    for name, value in headers.items():
        lowered = name.lower()
        if not lowered.startswith(PREFIX):
            continue
        if lowered in signed:
            raise ValueError("a checkout- name appears twice")
        signed[lowered] = value
    lines = [f"{name}:{signed[name]}" for name in sorted(signed)]
    lines.append(body)
    message = "\n".join(lines).encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, algorithm).hexdigest()


def format_timestamp(moment: datetime.datetime) -> str:
    """ISO 8601 in UTC with milliseconds and a ``Z``, as Paytrail writes it."""
    utc = moment.astimezone(datetime.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def signed_headers(
    *,
    merchant_id: str,
    secret: str,
    method: str,
    body: str = "",
    algorithm: str = "sha256",
    transaction_id: str | None = None,
    platform_name: str | None = None,
    nonce: str | None = None,
    timestamp: datetime.datetime | None = None,
) -> dict[str, str]:
    """The headers of a request to Paytrail, ``signature`` included.

    A fresh nonce and the current time are used unless given (tests pin them).
    """
    headers = {
        "checkout-account": merchant_id,
        "checkout-algorithm": algorithm,
        "checkout-method": method.upper(),
        "checkout-nonce": nonce if nonce is not None else str(uuid.uuid4()),
        "checkout-timestamp": format_timestamp(timestamp or datetime.datetime.now(datetime.UTC)),
    }
    if transaction_id is not None:
        headers["checkout-transaction-id"] = transaction_id
    if body:
        headers["content-type"] = JSON_CONTENT_TYPE
    if platform_name:
        headers["platform-name"] = platform_name
    headers["signature"] = sign(headers, body, secret, algorithm)
    return headers


def _matches(expected: str, given: str) -> bool:
    # compare_digest on str takes ASCII only; bytes let a hostile value fail instead of raise.
    return hmac.compare_digest(expected.encode("ascii"), given.encode("utf-8"))


def verify_headers(headers: Mapping[str, str], body: str, secret: str) -> bool:
    """Whether ``headers`` (a response's, or a request's) carry a valid signature of
    ``body``. The algorithm is the one ``checkout-algorithm`` names; names are matched
    without regard to case, as HTTP does."""
    lowered = {name.lower(): value for name, value in headers.items()}
    given = lowered.get("signature")
    algorithm = lowered.get("checkout-algorithm")
    if not given or algorithm not in ALGORITHMS:
        return False
    try:
        expected = sign(headers, body, secret, algorithm)
    except ValueError:
        return False
    return _matches(expected, given)


def verify_params(params: Mapping[str, str], secret: str) -> bool:
    """Whether the query parameters of a redirect or a callback carry a valid signature.

    ``params`` are the URL-decoded parameters (a Django ``QueryDict`` will do). Every
    parameter whose name begins with ``checkout-`` is signed, with an empty body. A parameter
    given twice fails: the value checked and the value later read might differ.
    """
    getlist = getattr(params, "getlist", None)
    if getlist is not None:
        for name in params:
            if (name.startswith(PREFIX) or name == "signature") and len(getlist(name)) != 1:
                return False
    given = params.get("signature")
    algorithm = params.get("checkout-algorithm")
    if not given or algorithm not in ALGORITHMS:
        return False
    try:
        expected = sign(params, "", secret, algorithm)
    except ValueError:
        return False
    return _matches(expected, given)


def sign_params(params: Mapping[str, str], secret: str) -> dict[str, str]:
    """``params`` with their ``signature`` added, signed with the algorithm that
    ``checkout-algorithm`` names: what Paytrail appends to redirect and callback URLs."""
    signed = dict(params)
    signed["signature"] = sign(params, "", secret, params["checkout-algorithm"])
    return signed

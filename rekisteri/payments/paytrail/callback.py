"""Reading the signed query parameters Paytrail appends to redirect and callback URLs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rekisteri.payments.paytrail.errors import PaytrailSignatureError
from rekisteri.payments.paytrail.signing import PREFIX, verify_params


@dataclass(frozen=True)
class PaymentCallback:
    """What a redirect or callback says about a payment (or a refund).

    ``status`` is ok, pending, delayed or fail. ``params`` holds every ``checkout-``
    parameter, including ones Paytrail adds later.
    """

    account: str
    transaction_id: str
    status: str
    amount: int
    stamp: str
    reference: str
    provider: str | None
    params: dict[str, str]


def parse_callback(params: Mapping[str, str], *, secret: str, merchant_id: str) -> PaymentCallback:
    """The verified content of a redirect's or callback's query parameters.

    Raises PaytrailSignatureError when the signature is missing or wrong, when the account is
    not ours, or when a signed parameter the shop relies on is missing or malformed (which a
    genuine Paytrail URL never is).
    """
    if not verify_params(params, secret):
        raise PaytrailSignatureError("the redirect or callback parameters are not validly signed")
    checkout = {name: params[name] for name in params if name.startswith(PREFIX)}
    if checkout.get("checkout-account") != merchant_id:
        raise PaytrailSignatureError("the redirect or callback is for another merchant account")
    try:
        amount = int(checkout["checkout-amount"])
        return PaymentCallback(
            account=checkout["checkout-account"],
            transaction_id=checkout["checkout-transaction-id"],
            status=checkout["checkout-status"],
            amount=amount,
            stamp=checkout.get("checkout-stamp", ""),
            reference=checkout.get("checkout-reference", ""),
            provider=checkout.get("checkout-provider"),
            params=checkout,
        )
    except (KeyError, ValueError):
        raise PaytrailSignatureError(
            "the redirect or callback lacks a parameter Paytrail always sends"
        ) from None

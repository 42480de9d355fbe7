"""What can go wrong when talking to Paytrail.

The messages name the call and the status, never the request body: a payment request carries
the customer's name, email and address.
"""

from __future__ import annotations

from collections.abc import Sequence


class PaytrailError(Exception):
    """Base of every error from the Paytrail client."""


class PaytrailUnavailable(PaytrailError):
    """Paytrail could not be reached or did not answer usably: a timeout, a refused
    connection, a 5xx answer or a body that is not the JSON expected. Worth trying again
    later."""


class PaytrailRejected(PaytrailError):
    """Paytrail answered 4xx: the request was wrong (400), the signature or credentials were
    wrong (401), the payment is unknown (404) or the provider cannot do it (422).

    ``message`` and ``meta`` are Paytrail's own texts from its error body.
    """

    def __init__(self, status_code: int, message: str, meta: Sequence[str] = ()) -> None:
        self.status_code = status_code
        self.message = message
        self.meta = list(meta)
        super().__init__(f"Paytrail rejected the request ({status_code}): {message}")


class PaytrailSignatureError(PaytrailError):
    """A response, redirect or callback did not carry a valid Paytrail signature."""

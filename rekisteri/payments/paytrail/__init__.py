"""The Paytrail Payment API: signing, a client, and the errors it raises.

Pure protocol: no models, no database. ``rekisteri.payments.simulator`` serves the same
protocol on loopback for the demo and the tests.
"""

from rekisteri.payments.paytrail.callback import PaymentCallback, parse_callback
from rekisteri.payments.paytrail.client import (
    CreatedPayment,
    FormField,
    PaymentGroup,
    PaymentInfo,
    PaytrailClient,
    PaytrailConfig,
    Provider,
    RefundResult,
    encode_body,
)
from rekisteri.payments.paytrail.errors import (
    PaytrailError,
    PaytrailRejected,
    PaytrailSignatureError,
    PaytrailUnavailable,
)
from rekisteri.payments.paytrail.signing import (
    ALGORITHMS,
    sign,
    sign_params,
    signed_headers,
    verify_headers,
    verify_params,
)

__all__ = [
    "ALGORITHMS",
    "CreatedPayment",
    "FormField",
    "PaymentCallback",
    "PaymentGroup",
    "PaymentInfo",
    "PaytrailClient",
    "PaytrailConfig",
    "PaytrailError",
    "PaytrailRejected",
    "PaytrailSignatureError",
    "PaytrailUnavailable",
    "Provider",
    "RefundResult",
    "encode_body",
    "parse_callback",
    "sign",
    "sign_params",
    "signed_headers",
    "verify_headers",
    "verify_params",
]

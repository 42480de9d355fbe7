"""A client for the Paytrail Payment API: create a payment, read it back, refund it.

Only the standard library talks HTTP here. Every request is signed and every answer's
signature checked before its body is believed. Nothing about the customer is logged or put
in an exception: the request body (names, email, address) never leaves this module except
on the wire to Paytrail.
"""

from __future__ import annotations

import datetime
import http.client
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rekisteri.payments.paytrail.errors import (
    PaytrailRejected,
    PaytrailSignatureError,
    PaytrailUnavailable,
)
from rekisteri.payments.paytrail.signing import ALGORITHMS, signed_headers, verify_headers

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PaytrailConfig:
    """Where Paytrail is and who we are to it. The secret stays out of ``repr``."""

    api_url: str
    merchant_id: str
    secret_key: str = field(repr=False)
    algorithm: str = "sha256"
    timeout: float = 10.0
    platform_name: str = "rekisteri"

    def __post_init__(self) -> None:
        if self.algorithm not in ALGORITHMS:
            raise ValueError("algorithm must be sha256 or sha512")
        if not self.timeout > 0:
            raise ValueError("timeout must be positive")
        if urllib.parse.urlsplit(self.api_url).scheme not in ("http", "https"):
            raise ValueError("api_url must be an http or https URL")

    @classmethod
    def from_settings(cls) -> PaytrailConfig:
        """The configuration in Django's settings: PAYTRAIL_API_URL, PAYTRAIL_MERCHANT_ID,
        PAYTRAIL_SECRET_KEY and PAYTRAIL_TIMEOUT (read at call time, never at import)."""
        from django.conf import settings

        return cls(
            api_url=str(settings.PAYTRAIL_API_URL),
            merchant_id=str(settings.PAYTRAIL_MERCHANT_ID),
            secret_key=str(settings.PAYTRAIL_SECRET_KEY),
            timeout=float(settings.PAYTRAIL_TIMEOUT),
        )


@dataclass(frozen=True)
class FormField:
    """A hidden input of a provider's payment form."""

    name: str
    value: str


@dataclass(frozen=True)
class Provider:
    """A payment method: the shop renders it as a form that POSTs ``parameters`` to
    ``url``."""

    id: str
    name: str
    group: str
    url: str
    icon: str
    svg: str
    parameters: list[FormField]


@dataclass(frozen=True)
class PaymentGroup:
    """A group of payment methods (bank, mobile, creditcard, credit) with its localized
    name."""

    id: str
    name: str
    icon: str
    svg: str


@dataclass(frozen=True)
class CreatedPayment:
    """Paytrail's answer to a new payment. ``href`` is its hosted payment page."""

    transaction_id: str
    href: str
    reference: str
    terms: str
    groups: list[PaymentGroup]
    providers: list[Provider]


@dataclass(frozen=True)
class PaymentInfo:
    """A payment as Paytrail knows it now. ``status`` is one of new, ok, fail, pending,
    delayed (Paytrail may add more)."""

    transaction_id: str
    status: str
    amount: int
    currency: str
    stamp: str
    reference: str
    created_at: datetime.datetime | None
    paid_at: datetime.datetime | None
    provider: str | None
    href: str | None


@dataclass(frozen=True)
class RefundResult:
    """Paytrail's answer to a refund: ``status`` is ok, pending or fail; ``transaction_id``
    is the refund's own transaction."""

    status: str
    provider: str | None
    transaction_id: str


def _plain(value: Any) -> Any:
    """``value`` with every Decimal turned into the JSON number it stands for."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("a decimal that is not a finite number")
        if value == value.to_integral_value():
            return int(value)
        as_float = float(value)
        if Decimal(repr(as_float)) != value:
            raise ValueError("a decimal more precise than a JSON number carries")
        return as_float
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def encode_body(body: Mapping[str, Any]) -> str:
    """The body as compact JSON: the exact text that is signed and sent. Decimals become
    numbers (Decimal("25.5") → 25.5, Decimal("24.0") → 24)."""
    return json.dumps(_plain(body), separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _timestamp(value: Any) -> datetime.datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError
    moment = datetime.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def _optional_str(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError
    return value


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError
    return value


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Paytrail's API never redirects; a redirect means something else answered."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: dict[str, str]
    text: str


class PaytrailClient:
    """The calls Rekisteri makes to Paytrail. Each raises PaytrailUnavailable,
    PaytrailRejected or PaytrailSignatureError (all PaytrailError) when it cannot return."""

    def __init__(self, config: PaytrailConfig) -> None:
        self.config = config
        self._opener = urllib.request.build_opener(_NoRedirects)

    @classmethod
    def from_settings(cls) -> PaytrailClient:
        return cls(PaytrailConfig.from_settings())

    def create_payment(self, body: Mapping[str, Any]) -> CreatedPayment:
        """``POST /payments``: open a payment. ``body`` is Paytrail's create request (stamp,
        reference, amount in cents, currency, language, items, customer, redirectUrls,
        callbackUrls…)."""
        data = self._call("create payment", "POST", "/payments", body=body)
        try:
            return CreatedPayment(
                transaction_id=_str(data["transactionId"]),
                href=_str(data["href"]),
                reference=_str(data.get("reference", "")),
                terms=_str(data.get("terms", "")),
                groups=[
                    PaymentGroup(
                        id=_str(group["id"]),
                        name=_str(group.get("name", "")),
                        icon=_str(group.get("icon", "")),
                        svg=_str(group.get("svg", "")),
                    )
                    for group in data.get("groups", [])
                ],
                providers=[
                    Provider(
                        id=_str(provider["id"]),
                        name=_str(provider["name"]),
                        group=_str(provider.get("group", "")),
                        url=_str(provider["url"]),
                        icon=_str(provider.get("icon", "")),
                        svg=_str(provider.get("svg", "")),
                        parameters=[
                            FormField(name=_str(item["name"]), value=_str(item["value"]))
                            for item in provider.get("parameters", [])
                        ],
                    )
                    for provider in data.get("providers", [])
                ],
            )
        except (KeyError, TypeError, AttributeError):
            raise PaytrailUnavailable(
                "Paytrail's answer to create payment was incomplete"
            ) from None

    def get_payment(self, transaction_id: str) -> PaymentInfo:
        """``GET /payments/{transactionId}``: the payment's status now, for reconciling a
        payment whose callback never came."""
        data = self._call(
            "get payment",
            "GET",
            "/payments/" + urllib.parse.quote(transaction_id, safe=""),
            transaction_id=transaction_id,
        )
        try:
            return PaymentInfo(
                transaction_id=_str(data.get("transactionId", transaction_id)),
                status=_str(data["status"]),
                amount=_int(data["amount"]),
                currency=_str(data.get("currency", "EUR")),
                stamp=_str(data["stamp"]),
                reference=_str(data["reference"]),
                created_at=_timestamp(data.get("createdAt")),
                paid_at=_timestamp(data.get("paidAt")),
                provider=_optional_str(data.get("provider")),
                href=_optional_str(data.get("href")),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise PaytrailUnavailable("Paytrail's answer to get payment was incomplete") from None

    def refund(self, transaction_id: str, body: Mapping[str, Any]) -> RefundResult:
        """``POST /payments/{transactionId}/refund``. ``body`` holds amount (cents),
        refundStamp, refundReference and callbackUrls (which Paytrail requires)."""
        data = self._call(
            "refund",
            "POST",
            "/payments/" + urllib.parse.quote(transaction_id, safe="") + "/refund",
            body=body,
            transaction_id=transaction_id,
        )
        try:
            return RefundResult(
                status=_str(data["status"]),
                provider=_optional_str(data.get("provider")),
                transaction_id=_str(data["transactionId"]),
            )
        except (KeyError, TypeError, AttributeError):
            raise PaytrailUnavailable("Paytrail's answer to refund was incomplete") from None

    def _call(
        self,
        label: str,
        method: str,
        path: str,
        *,
        body: Mapping[str, Any] | None = None,
        transaction_id: str | None = None,
    ) -> dict[str, Any]:
        """Sign and send one request; return the verified JSON object of a 2xx answer."""
        text = encode_body(body) if body is not None else ""
        headers = signed_headers(
            merchant_id=self.config.merchant_id,
            secret=self.config.secret_key,
            method=method,
            body=text,
            algorithm=self.config.algorithm,
            transaction_id=transaction_id,
            platform_name=self.config.platform_name,
        )
        answer = self._send(label, method, path, text, headers)
        request_id = answer.headers.get("request-id", "")
        logger.info("Paytrail %s answered %s (request-id %s)", label, answer.status, request_id)
        if not 200 <= answer.status < 500 or 300 <= answer.status < 400:
            raise PaytrailUnavailable(f"Paytrail answered {answer.status} to {label}")
        # Paytrail signs its answers; an error answer without a signature is still taken as
        # the error it says it is, since believing it can only stop a payment, never
        # confirm one.
        if (answer.status < 300 or "signature" in answer.headers) and not verify_headers(
            answer.headers, answer.text, self.config.secret_key
        ):
            logger.warning("Paytrail's answer to %s had no valid signature", label)
            raise PaytrailSignatureError(f"Paytrail's answer to {label} had no valid signature")
        try:
            data = json.loads(answer.text)
        except ValueError:
            raise PaytrailUnavailable(f"Paytrail's answer to {label} was not JSON") from None
        if not isinstance(data, dict):
            raise PaytrailUnavailable(f"Paytrail's answer to {label} was not a JSON object")
        if answer.status >= 400:
            message = data.get("message")
            meta = data.get("meta")
            raise PaytrailRejected(
                answer.status,
                message if isinstance(message, str) else "",
                [str(item) for item in meta] if isinstance(meta, list) else [],
            )
        return data

    def _send(
        self, label: str, method: str, path: str, text: str, headers: dict[str, str]
    ) -> _Answer:
        url = self.config.api_url.rstrip("/") + path
        # The scheme is http or https: PaytrailConfig checks api_url.
        request = urllib.request.Request(  # noqa: S310
            url, data=text.encode("utf-8") if text else None, headers=headers, method=method
        )
        try:
            try:
                with self._opener.open(request, timeout=self.config.timeout) as response:
                    status, raw = response.status, response.read()
                    response_headers = response.headers
            except urllib.error.HTTPError as error:
                with error:
                    status, raw = error.code, error.read()
                    response_headers = error.headers
        except (OSError, http.client.HTTPException) as error:
            # URLError, timeouts, refused and reset connections are all OSErrors.
            logger.warning("Paytrail %s failed: %s", label, type(error).__name__)
            raise PaytrailUnavailable(f"Paytrail could not be reached for {label}") from error
        try:
            decoded = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise PaytrailUnavailable(f"Paytrail's answer to {label} was not UTF-8") from None
        return _Answer(
            status=status,
            headers={name.lower(): value for name, value in response_headers.items()},
            text=decoded,
        )

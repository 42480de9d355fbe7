"""A local stand-in for Paytrail, served over real HTTP on loopback.

It answers the three calls Rekisteri makes (create, get, refund) the way the Payment API
does: it checks the request signature and the body, keeps the payment in memory, signs its
answers, and serves a hosted payment page from which a payment is paid or cancelled. Paying
redirects the browser to the shop with signed parameters and calls the shop's callback URL
from a background thread.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import MappingProxyType
from typing import Any

from rekisteri.payments.paytrail.signing import (
    ALGORITHMS,
    format_timestamp,
    sign,
    sign_params,
    verify_headers,
)
from rekisteri.payments.simulator import page
from rekisteri.payments.simulator.catalogue import (
    PROVIDERS,
    create_response,
    icon_svg,
    offered_providers,
)
from rekisteri.payments.simulator.store import (
    Fault,
    Faults,
    ReceivedRequest,
    SentCallback,
    SimulatedPayment,
    SimulatedRefund,
    SimulatorStore,
)
from rekisteri.payments.simulator.validation import refund_amount, validate_create, validate_refund

logger = logging.getLogger(__name__)

DEFAULT_MERCHANTS: Mapping[str, str] = MappingProxyType({"375917": "SAIPPUAKAUPPIAS"})
MAX_BODY = 1_000_000
CALLBACK_TIMEOUT = 10.0
JSON_TYPE = "application/json; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
PAY_STATUSES = ("ok", "pending", "delayed")
# Pages are shown in Finnish when the payment (and so its language) is unknown.
FALLBACK_LANGUAGE = "fi"

_ID = r"([A-Za-z0-9-]{1,64})"
PAYMENT_PATH = re.compile(rf"/payments/{_ID}")
REFUND_PATH = re.compile(rf"/payments/{_ID}/refund")
PAGE_PATH = re.compile(rf"/pay/{_ID}")
ICON_PATH = re.compile(r"/icons/([a-z-]{1,40})\.svg")


class SimulatorError(Exception):
    """A payment cannot be paid or cancelled as asked (unknown, already processed, or a
    method not offered for it)."""


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def with_params(url: str, params: Mapping[str, str]) -> str:
    """``url`` with ``params`` appended to its query string."""
    parts = urllib.parse.urlsplit(url)
    extra = urllib.parse.urlencode(params)
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urllib.parse.urlunsplit(parts._replace(query=query))


def _error(message: str, meta: list[str] | None = None) -> dict[str, Any]:
    return {"status": "error", "message": message, "meta": meta or []}


class SimulatorServer(ThreadingHTTPServer):
    """The simulator. ``store`` holds what it received and made; ``faults`` are switched on
    by tests; ``reset`` forgets both."""

    daemon_threads = True

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        merchants: Mapping[str, str] = DEFAULT_MERCHANTS,
    ) -> None:
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), _Handler)
        self.merchants = dict(merchants)
        self.store = SimulatorStore()
        self.faults = Faults()
        # Set on reset and shutdown: wakes stalled answers and drops pending callbacks.
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        bound_port = self.server_address[1]
        if host in ("", "0.0.0.0"):  # noqa: S104 (naming the wildcard, not binding to it)
            host = "127.0.0.1"
        elif host == "::":
            host = "::1"
        self.url = f"http://[{host}]:{bound_port}" if ":" in host else f"http://{host}:{bound_port}"

    def start(self) -> None:
        """Serve from a daemon thread."""
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )
        self._thread.name = "paytrail-simulator"
        self._thread.start()

    def shutdown(self) -> None:
        """Stop serving and close the socket."""
        self._wake.set()
        if self._thread is not None and self._thread.is_alive():
            super().shutdown()
            self._thread.join()
        self.server_close()

    def reset(self) -> None:
        """Forget every payment, refund, request and callback; switch every fault off."""
        self.store.clear()
        self.faults.clear()
        woken, self._wake = self._wake, threading.Event()
        woken.set()

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.exception("Paytrail simulator failed to answer a request")

    def pay(self, transaction_id: str, provider: str = "osuuspankki", *, status: str = "ok") -> str:
        """Pay as a customer on the hosted page would: the payment gets ``status`` (ok,
        pending or delayed) and ``provider``, the callback is made (unless
        ``faults.drop_callbacks``), and the URL the browser is redirected to is returned."""
        if status not in PAY_STATUSES:
            raise ValueError("status must be ok, pending or delayed")
        return self._complete(transaction_id, provider=provider, status=status)

    def cancel(self, transaction_id: str, provider: str | None = None) -> str:
        """Cancel as a customer on the hosted page would (status fail); returns the cancel
        redirect URL and makes the cancel callback."""
        return self._complete(transaction_id, provider=provider, status="fail")

    def wait_for_callbacks(self, count: int = 1, timeout: float = 5.0) -> list[SentCallback]:
        """The callbacks made so far, once there are at least ``count`` (or the timeout
        passed)."""
        with self.store.changed:
            self.store.changed.wait_for(lambda: len(self.store.callbacks) >= count, timeout)
            return list(self.store.callbacks)

    def secret_for(self, merchant_id: str) -> str:
        return self.merchants[merchant_id]

    def stall(self) -> None:
        self._wake.wait(self.faults.stall_seconds)

    def _complete(self, transaction_id: str, *, provider: str | None, status: str) -> str:
        with self.store.lock:
            payment = self.store.payments.get(transaction_id)
            if payment is None:
                raise SimulatorError("no such payment")
            if payment.status != "new":
                raise SimulatorError("the payment has already been paid or cancelled")
            if status != "fail" and provider not in {
                offered.id for offered in offered_providers(payment.body)
            }:
                raise SimulatorError("that payment method is not offered for this payment")
            payment.status = status
            payment.provider = provider
            if status == "ok":
                payment.paid_at = _now()
            params = self._return_params(payment)
        outcome = "cancel" if status == "fail" else "success"
        callback_urls = payment.callback_urls
        if callback_urls:
            self.schedule_callback(callback_urls[outcome], params, payment.callback_delay)
        return with_params(payment.redirect_urls[outcome], params)

    def _return_params(self, payment: SimulatedPayment) -> dict[str, str]:
        params = {
            "checkout-account": payment.merchant_id,
            "checkout-algorithm": payment.algorithm,
            "checkout-amount": str(payment.amount),
            "checkout-stamp": payment.stamp,
            "checkout-reference": payment.reference,
            "checkout-transaction-id": payment.transaction_id,
            "checkout-status": payment.status,
        }
        if payment.provider:
            params["checkout-provider"] = payment.provider
        return sign_params(params, self.secret_for(payment.merchant_id))

    def schedule_callback(self, url: str, params: dict[str, str], delay: float = 0.0) -> None:
        """Call ``url`` with ``params`` from a background thread after ``delay`` seconds.
        A failing callback is recorded, never raised: Paytrail would simply try later."""
        if self.faults.drop_callbacks:
            return
        wake = self._wake

        def deliver() -> None:
            if delay > 0 and wake.wait(delay):
                return
            self._deliver(url, params)

        threading.Thread(target=deliver, daemon=True, name="paytrail-callback").start()

    def _deliver(self, url: str, params: dict[str, str]) -> None:
        full = with_params(url, params)
        status_code: int | None = None
        error: str | None = None
        try:
            # Callback URLs were checked to be http or https when the payment was created.
            request = urllib.request.Request(full, method="GET")  # noqa: S310
            with urllib.request.urlopen(request, timeout=CALLBACK_TIMEOUT) as response:  # noqa: S310
                status_code = response.status
        except urllib.error.HTTPError as failure:
            status_code = failure.code
            failure.close()
        except Exception as failure:  # a callback may fail in any way
            error = type(failure).__name__
        self.store.add_callback(
            SentCallback(url=full, params=dict(params), status_code=status_code, error=error)
        )


class _Handler(BaseHTTPRequestHandler):
    server: SimulatorServer
    server_version = "PaytrailSimulator/1"

    # Routing ---------------------------------------------------------------------------

    def do_GET(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if match := PAYMENT_PATH.fullmatch(path):
            self._api_get(match.group(1))
        elif match := PAGE_PATH.fullmatch(path):
            self._page_get(match.group(1))
        elif path == "/terms":
            self._html(200, page.terms_page(FALLBACK_LANGUAGE))
        elif match := ICON_PATH.fullmatch(path):
            self._icon(match.group(1))
        else:
            self._json(404, _error("Not found"))

    def do_POST(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path == "/payments":
            self._api_create()
        elif match := REFUND_PATH.fullmatch(path):
            self._api_refund(match.group(1))
        elif match := PAGE_PATH.fullmatch(path):
            self._page_post(match.group(1))
        else:
            self._json(404, _error("Not found"))

    # The API ---------------------------------------------------------------------------

    def _api_create(self) -> None:
        text = self._receive()
        if text is None or self._fault(self.server.faults.create):
            return
        signer = self._authenticate(text)
        if signer is None:
            return
        body = self._json_body(text, signer)
        if body is None:
            return
        problems = validate_create(body)
        if problems:
            self._json(400, _error("Validation failed", problems), signer)
            return
        account, algorithm = signer
        store = self.server.store
        with store.lock:
            if store.payment_by_stamp(account, body["stamp"]) is not None:
                self._json(
                    400, _error("Duplicate stamp", ["stamp must be unique per merchant"]), signer
                )
                return
            payment = SimulatedPayment(
                transaction_id=str(uuid.uuid4()),
                merchant_id=account,
                algorithm=algorithm,
                body=body,
                created_at=_now(),
            )
            store.payments[payment.transaction_id] = payment
        answer = create_response(
            base_url=self.server.url, transaction_id=payment.transaction_id, body=body
        )
        self._json(201, answer, signer, transaction_id=payment.transaction_id)

    def _api_get(self, transaction_id: str) -> None:
        text = self._receive()
        if text is None or self._fault(self.server.faults.get):
            return
        signer = self._authenticate(text)
        if signer is None:
            return
        payment = self._payment_for(transaction_id, signer)
        if payment is None:
            return
        with self.server.store.lock:
            answer: dict[str, Any] = {
                "transactionId": payment.transaction_id,
                "status": payment.status,
                "amount": payment.amount,
                "currency": "EUR",
                "stamp": payment.stamp,
                "reference": payment.reference,
                "createdAt": format_timestamp(payment.created_at),
            }
            if payment.status == "new":
                answer["href"] = f"{self.server.url}/pay/{payment.transaction_id}"
            if payment.provider:
                answer["provider"] = payment.provider
            if payment.paid_at:
                answer["paidAt"] = format_timestamp(payment.paid_at)
        self._json(200, answer, signer, transaction_id=transaction_id)

    def _api_refund(self, transaction_id: str) -> None:
        text = self._receive()
        if text is None or self._fault(self.server.faults.refund):
            return
        signer = self._authenticate(text)
        if signer is None:
            return
        payment = self._payment_for(transaction_id, signer)
        if payment is None:
            return
        body = self._json_body(text, signer)
        if body is None:
            return
        problems = validate_refund(body)
        if problems:
            self._json(400, _error("Validation failed", problems), signer)
            return
        store = self.server.store
        amount = refund_amount(body)
        status = self.server.faults.refund_status
        with store.lock:
            if payment.status != "ok":
                self._json(400, _error("Refund failed", ["the payment has not been paid"]), signer)
                return
            if amount > payment.amount - store.refunded(transaction_id):
                self._json(
                    400,
                    _error("Refund failed", ["amount exceeds what is left to refund"]),
                    signer,
                )
                return
            refund = SimulatedRefund(
                transaction_id=str(uuid.uuid4()),
                payment_transaction_id=transaction_id,
                amount=amount,
                status=status,
                provider=payment.provider,
                body=body,
                created_at=_now(),
            )
            store.refunds.append(refund)
        if status != "pending":
            params = {
                "checkout-account": payment.merchant_id,
                "checkout-algorithm": signer[1],
                "checkout-amount": str(amount),
                "checkout-stamp": str(body.get("refundStamp", "")),
                "checkout-reference": str(body.get("refundReference", "")),
                "checkout-transaction-id": refund.transaction_id,
                "checkout-status": status,
                "checkout-provider": payment.provider or "",
            }
            url = body["callbackUrls"]["success" if status == "ok" else "cancel"]
            self.server.schedule_callback(
                url, sign_params(params, self.server.secret_for(payment.merchant_id))
            )
        answer = {
            "provider": payment.provider,
            "status": status,
            "transactionId": refund.transaction_id,
        }
        self._json(201, answer, signer, transaction_id=transaction_id)

    def _payment_for(self, transaction_id: str, signer: tuple[str, str]) -> SimulatedPayment | None:
        if self._header("checkout-transaction-id") != transaction_id:
            self._json(
                400,
                _error(
                    "Validation failed",
                    ["checkout-transaction-id header must name the payment in the path"],
                ),
                signer,
            )
            return None
        payment = self.server.store.payments.get(transaction_id)
        if payment is None or payment.merchant_id != signer[0]:
            self._json(404, _error("Payment not found"), signer)
            return None
        return payment

    def _authenticate(self, text: str) -> tuple[str, str] | None:
        """The merchant and algorithm of a validly signed request; None after answering
        401."""
        headers = self._headers()
        account = headers.get("checkout-account", "")
        secret = self.server.merchants.get(account)
        if secret is None:
            self._json(401, _error("Merchant authentication failed", ["unknown account"]))
            return None
        algorithm = headers.get("checkout-algorithm", "")
        problems = []
        if algorithm not in ALGORITHMS:
            problems.append("checkout-algorithm must be sha256 or sha512")
        if headers.get("checkout-method") != self.command:
            problems.append("checkout-method must be the request's method")
        nonce = headers.get("checkout-nonce", "")
        if not nonce:
            problems.append("checkout-nonce is required")
        try:
            datetime.datetime.fromisoformat(headers.get("checkout-timestamp", ""))
        except ValueError:
            problems.append("checkout-timestamp must be an ISO 8601 date and time")
        if not problems and not verify_headers(headers, text, secret):
            problems.append("signature does not match")
        if not problems:
            with self.server.store.lock:
                if (account, nonce) in self.server.store.nonces:
                    problems.append("checkout-nonce has been used already")
                else:
                    self.server.store.nonces.add((account, nonce))
        if problems:
            # Unsigned: the request puts the shared secret in doubt, so a signature made
            # with it would prove nothing to the client.
            self._json(401, _error("Merchant authentication failed", problems))
            return None
        return (account, algorithm)

    def _json_body(self, text: str, signer: tuple[str, str]) -> Any:
        content_type = self._header("content-type") or ""
        if not content_type.lower().startswith("application/json"):
            self._json(
                400,
                _error("Validation failed", ["content-type must be " + JSON_TYPE]),
                signer,
            )
            return None
        try:
            return json.loads(text)
        except ValueError:
            self._json(400, _error("Invalid JSON", ["the request body must be JSON"]), signer)
            return None

    def _fault(self, fault: Fault) -> bool:
        """Act out a fault a test switched on; True when the request is thereby answered."""
        if fault == "timeout":
            self.server.stall()
            self.close_connection = True
            return True
        if fault == "error":
            self._json(500, _error("Internal server error"))
            return True
        return False

    # The hosted payment page -------------------------------------------------------------

    def _page_get(self, transaction_id: str) -> None:
        payment = self.server.store.payments.get(transaction_id)
        if payment is None:
            self._html(404, page.not_found_page(FALLBACK_LANGUAGE))
        elif payment.status != "new":
            self._html(409, page.processed_page(payment))
        else:
            self._html(200, self._payment_page(payment))

    def _page_post(self, transaction_id: str) -> None:
        text = self._read_body()
        if text is None:
            return
        form = urllib.parse.parse_qs(text)
        action = form.get("action", [""])[-1]
        provider = form.get("provider", [""])[-1]
        payment = self.server.store.payments.get(transaction_id)
        if payment is None:
            self._html(404, page.not_found_page(FALLBACK_LANGUAGE))
            return
        offered = {item.id for item in offered_providers(payment.body)}
        try:
            if action == "cancel":
                target = self.server.cancel(transaction_id)
            elif action == "pay" and provider in offered:
                target = self.server.pay(transaction_id, provider)
            elif payment.status == "new":
                self._html(400, self._payment_page(payment, missing_choice=True))
                return
            else:
                self._html(409, page.processed_page(payment))
                return
        except SimulatorError:
            self._html(409, page.processed_page(payment))
            return
        self._write(303, "text/plain; charset=utf-8", b"", {"location": target})

    def _payment_page(self, payment: SimulatedPayment, *, missing_choice: bool = False) -> str:
        return page.payment_page(
            payment,
            providers=offered_providers(payment.body),
            action_url=f"/pay/{payment.transaction_id}",
            missing_choice=missing_choice,
        )

    def _icon(self, name: str) -> None:
        labels = {provider.id: provider.name for provider in PROVIDERS}
        labels.update(
            {
                "group-bank": "Bank",
                "group-mobile": "Mobile",
                "group-creditcard": "Card",
                "group-credit": "Invoice",
            }
        )
        if name not in labels:
            self._json(404, _error("Not found"))
            return
        self._write(200, "image/svg+xml", icon_svg(labels[name]).encode("utf-8"), {})

    # Plumbing ----------------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        return {name.lower(): value for name, value in self.headers.items()}

    def _header(self, name: str) -> str | None:
        return self._headers().get(name)

    def _read_body(self) -> str | None:
        """The request body as text; None after answering when it cannot be read."""
        try:
            length = int(self.headers.get("content-length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            self._json(400, _error("Invalid request", ["content-length is missing or too big"]))
            return None
        try:
            return self.rfile.read(length).decode("utf-8")
        except UnicodeDecodeError:
            self._json(400, _error("Invalid request", ["the request body must be UTF-8"]))
            return None

    def _receive(self) -> str | None:
        """Read and record an API request; None after answering when it cannot be read."""
        text = self._read_body()
        if text is None:
            return None
        try:
            body = json.loads(text) if text else None
        except ValueError:
            body = None
        with self.server.store.lock:
            self.server.store.requests.append(
                ReceivedRequest(
                    method=self.command,
                    path=urllib.parse.urlsplit(self.path).path,
                    headers=self._headers(),
                    text=text,
                    body=body,
                )
            )
        return text

    def _json(
        self,
        status: int,
        payload: Mapping[str, Any],
        signer: tuple[str, str] | None = None,
        *,
        transaction_id: str | None = None,
    ) -> None:
        """Answer with JSON, signed as Paytrail signs when the merchant is known."""
        text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
        headers: dict[str, str] = {}
        if signer is not None:
            account, algorithm = signer
            headers = {
                "checkout-account": account,
                "checkout-algorithm": algorithm,
                "checkout-nonce": str(uuid.uuid4()),
                "checkout-timestamp": format_timestamp(_now()),
            }
            if transaction_id is not None:
                headers["checkout-transaction-id"] = transaction_id
            tampering = self.server.faults.response_signature
            if tampering != "missing":
                signature = sign(headers, text, self.server.secret_for(account), algorithm)
                if tampering == "bad":
                    signature = signature[::-1]
                headers["signature"] = signature
        self._write(status, JSON_TYPE, text.encode("utf-8"), headers)

    def _html(self, status: int, html: str) -> None:
        self._write(status, HTML_TYPE, html.encode("utf-8"), {})

    def _write(
        self, status: int, content_type: str, data: bytes, headers: Mapping[str, str]
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("content-type", content_type)
            self.send_header("content-length", str(len(data)))
            self.send_header("request-id", str(uuid.uuid4()))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (a test's timeout); nothing is left to tell it.
            self.close_connection = True

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # The path only: query strings of redirects are nobody's business in a log.
        logger.debug("%s %s -> %s", self.command, urllib.parse.urlsplit(self.path).path, code)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("Paytrail simulator: " + format, *args)


def start_simulator(
    host: str = "127.0.0.1",
    port: int = 0,
    merchants: Mapping[str, str] = DEFAULT_MERCHANTS,
) -> SimulatorServer:
    """A running simulator (serving from a daemon thread). Port 0 picks a free port; the
    ``url`` attribute says which. ``merchants`` maps merchant ids to secret keys."""
    server = SimulatorServer(host, port, merchants)
    server.start()
    return server

"""What the Paytrail simulator remembers, and the faults a test can switch on.

Everything lives in memory and is lost on shutdown: the simulator stands in for Paytrail in
the demo and the tests, never in production.
"""

from __future__ import annotations

import dataclasses
import datetime
import threading
from dataclasses import dataclass, field
from typing import Any, Literal

Fault = Literal["timeout", "error"] | None


@dataclass
class SimulatedPayment:
    """A payment opened with ``POST /payments``. ``body`` is the request as received."""

    transaction_id: str
    merchant_id: str
    algorithm: str
    body: dict[str, Any]
    created_at: datetime.datetime
    status: str = "new"
    provider: str | None = None
    paid_at: datetime.datetime | None = None

    @property
    def stamp(self) -> str:
        return str(self.body["stamp"])

    @property
    def reference(self) -> str:
        return str(self.body["reference"])

    @property
    def amount(self) -> int:
        return int(self.body["amount"])

    @property
    def language(self) -> str:
        return str(self.body["language"])

    @property
    def redirect_urls(self) -> dict[str, str]:
        return dict(self.body["redirectUrls"])

    @property
    def callback_urls(self) -> dict[str, str] | None:
        urls = self.body.get("callbackUrls")
        return dict(urls) if urls else None

    @property
    def callback_delay(self) -> float:
        return float(self.body.get("callbackDelay", 0))


@dataclass
class SimulatedRefund:
    """A refund made with ``POST /payments/{id}/refund``."""

    transaction_id: str
    payment_transaction_id: str
    amount: int
    status: str
    provider: str | None
    body: dict[str, Any]
    created_at: datetime.datetime


@dataclass(frozen=True)
class ReceivedRequest:
    """One request to the API as it arrived. ``body`` is the parsed JSON (None when there
    was no body or it was not JSON); ``text`` the exact text."""

    method: str
    path: str
    headers: dict[str, str]
    text: str
    body: Any


@dataclass(frozen=True)
class SentCallback:
    """A server-to-server callback the simulator made. ``status_code`` is None when the
    call failed (``error`` says how)."""

    url: str
    params: dict[str, str]
    status_code: int | None
    error: str | None


@dataclass
class Faults:
    """Failures a test switches on; ``reset`` switches them off.

    ``create``, ``get`` and ``refund``: "timeout" stalls the call for ``stall_seconds`` and
    then drops the connection without an answer; "error" answers 500.
    ``drop_callbacks``: paying or cancelling calls no callback URL (the redirect still
    happens), as when Paytrail cannot reach the shop.
    ``response_signature``: "bad" signs API answers wrongly, "missing" leaves them unsigned.
    ``refund_status``: the status refunds get ("ok", "pending" or "fail").
    """

    create: Fault = None
    get: Fault = None
    refund: Fault = None
    drop_callbacks: bool = False
    response_signature: Literal["bad", "missing"] | None = None
    refund_status: Literal["ok", "pending", "fail"] = "ok"
    stall_seconds: float = 30.0

    def clear(self) -> None:
        for item in dataclasses.fields(self):
            setattr(self, item.name, item.default)


@dataclass
class SimulatorStore:
    """Payments, refunds, the requests received and the callbacks sent."""

    payments: dict[str, SimulatedPayment] = field(default_factory=dict)
    refunds: list[SimulatedRefund] = field(default_factory=list)
    requests: list[ReceivedRequest] = field(default_factory=list)
    callbacks: list[SentCallback] = field(default_factory=list)
    nonces: set[tuple[str, str]] = field(default_factory=set)
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    changed: threading.Condition = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.changed = threading.Condition(self.lock)

    @property
    def received_bodies(self) -> list[Any]:
        """The parsed JSON body of every API request received, oldest first."""
        with self.lock:
            return [request.body for request in self.requests if request.body is not None]

    def payment_by_stamp(self, merchant_id: str, stamp: str) -> SimulatedPayment | None:
        with self.lock:
            for payment in self.payments.values():
                if payment.merchant_id == merchant_id and payment.stamp == stamp:
                    return payment
        return None

    def refunded(self, transaction_id: str) -> int:
        """Cents refunded, or being refunded, from a payment."""
        with self.lock:
            return sum(
                refund.amount
                for refund in self.refunds
                if refund.payment_transaction_id == transaction_id and refund.status != "fail"
            )

    def add_callback(self, callback: SentCallback) -> None:
        with self.changed:
            self.callbacks.append(callback)
            self.changed.notify_all()

    def clear(self) -> None:
        with self.changed:
            self.payments.clear()
            self.refunds.clear()
            self.requests.clear()
            self.callbacks.clear()
            self.nonces.clear()
            self.changed.notify_all()

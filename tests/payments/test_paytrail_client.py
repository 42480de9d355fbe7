"""The Paytrail client against the simulator, and against tiny misbehaving servers, over
real HTTP on loopback."""

from __future__ import annotations

import copy
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from rekisteri.payments.paytrail import (
    PaytrailClient,
    PaytrailConfig,
    PaytrailError,
    PaytrailRejected,
    PaytrailSignatureError,
    PaytrailUnavailable,
    encode_body,
    sign,
    signed_headers,
    verify_params,
)
from rekisteri.payments.simulator import SimulatorServer

SECRET = "SAIPPUAKAUPPIAS"
EMAIL = "maija.meikalainen@example.fi"


def payment_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "stamp": "order-1-attempt-1",
        "reference": "1009",
        "amount": 5100,
        "currency": "EUR",
        "language": "FI",
        "items": [
            {
                "unitPrice": 2550,
                "units": 2,
                "vatPercentage": Decimal("25.5"),
                "productCode": "SOAP-1",
                "description": "Mäntysuopa",
            }
        ],
        "customer": {"email": EMAIL, "firstName": "Maija", "lastName": "Meikäläinen"},
        "redirectUrls": {
            "success": "https://shop.example/payments/return/success",
            "cancel": "https://shop.example/payments/return/cancel",
        },
    }
    body.update(changes)
    return body


def refund_body(amount: int, **changes: Any) -> dict[str, Any]:
    return {
        "amount": amount,
        "refundStamp": "refund-1",
        "refundReference": "1009-R1",
        "callbackUrls": {
            "success": "https://shop.example/refunds/success",
            "cancel": "https://shop.example/refunds/cancel",
        },
        **changes,
    }


@pytest.fixture
def client(paytrail_simulator: SimulatorServer) -> PaytrailClient:
    return PaytrailClient.from_settings()


def make_client(api_url: str, **changes: Any) -> PaytrailClient:
    config = {"api_url": api_url, "merchant_id": "375917", "secret_key": SECRET, "timeout": 2.0}
    config.update(changes)
    return PaytrailClient(PaytrailConfig(**config))


# Configuration ---------------------------------------------------------------------------


def test_config_comes_from_django_settings(paytrail_simulator: SimulatorServer) -> None:
    config = PaytrailConfig.from_settings()
    assert config.api_url == paytrail_simulator.url
    assert config.merchant_id == "375917"
    assert config.secret_key == SECRET
    assert config.timeout == 2.0
    assert config.algorithm == "sha256"
    assert config.platform_name == "rekisteri"


def test_config_keeps_the_secret_out_of_its_repr() -> None:
    config = PaytrailConfig(
        api_url="https://services.paytrail.com", merchant_id="1", secret_key="s3"
    )
    assert "s3" not in repr(config)


@pytest.mark.parametrize(
    "changes",
    [{"algorithm": "md5"}, {"timeout": 0}, {"api_url": "file:///etc/passwd"}],
)
def test_config_refuses_what_cannot_work(changes: dict[str, Any]) -> None:
    settings = {"api_url": "https://services.paytrail.com", "merchant_id": "1", "secret_key": "s"}
    with pytest.raises(ValueError):  # noqa: PT011 (each case has its own message)
        PaytrailConfig(**{**settings, **changes})


# Round trips -----------------------------------------------------------------------------


def test_create_payment_returns_the_transaction_and_provider_forms(
    client: PaytrailClient, paytrail_simulator: SimulatorServer
) -> None:
    created = client.create_payment(payment_body())

    assert created.href == f"{paytrail_simulator.url}/pay/{created.transaction_id}"
    assert created.reference == "1009"
    assert created.terms
    ids = [provider.id for provider in created.providers]
    assert ids == ["osuuspankki", "nordea", "mobilepay", "walley", "klarna"]
    for provider in created.providers:
        assert provider.url == created.href
        assert {field.name: field.value for field in provider.parameters} == {
            "provider": provider.id,
            "action": "pay",
        }
    assert {group.id for group in created.groups} == {"bank", "mobile", "credit"}
    assert paytrail_simulator.store.payments[created.transaction_id].status == "new"


def test_the_body_is_sent_once_as_compact_json_exactly_as_signed(
    client: PaytrailClient, paytrail_simulator: SimulatorServer
) -> None:
    body = payment_body()
    client.create_payment(body)

    (request,) = paytrail_simulator.store.requests
    assert request.text == encode_body(body)
    assert '"vatPercentage":25.5' in request.text
    assert "Mäntysuopa" in request.text  # UTF-8, not \u escapes
    assert request.headers["content-type"] == "application/json; charset=utf-8"
    assert request.headers["platform-name"] == "rekisteri"
    assert request.headers["checkout-method"] == "POST"
    assert paytrail_simulator.store.received_bodies == [json.loads(encode_body(body))]


def test_a_new_payment_reads_back_as_new(client: PaytrailClient) -> None:
    created = client.create_payment(payment_body())

    info = client.get_payment(created.transaction_id)

    assert info.transaction_id == created.transaction_id
    assert info.status == "new"
    assert info.amount == 5100
    assert info.stamp == "order-1-attempt-1"
    assert info.reference == "1009"
    assert info.currency == "EUR"
    assert info.created_at is not None and info.created_at.tzinfo is not None
    assert info.paid_at is None
    assert info.provider is None
    assert info.href == created.href


def test_a_paid_payment_reads_back_as_ok_with_provider_and_time(
    client: PaytrailClient, paytrail_simulator: SimulatorServer
) -> None:
    created = client.create_payment(payment_body())
    paytrail_simulator.pay(created.transaction_id, "nordea")

    info = client.get_payment(created.transaction_id)

    assert info.status == "ok"
    assert info.provider == "nordea"
    assert info.paid_at is not None
    assert info.created_at is not None and info.paid_at >= info.created_at
    assert info.href is None


def test_a_cancelled_payment_reads_back_as_fail(
    client: PaytrailClient, paytrail_simulator: SimulatorServer
) -> None:
    created = client.create_payment(payment_body())
    paytrail_simulator.cancel(created.transaction_id)

    info = client.get_payment(created.transaction_id)

    assert info.status == "fail"
    assert info.paid_at is None


def test_get_payment_sends_the_transaction_id_header(
    client: PaytrailClient, paytrail_simulator: SimulatorServer
) -> None:
    created = client.create_payment(payment_body())
    client.get_payment(created.transaction_id)

    request = paytrail_simulator.store.requests[-1]
    assert request.method == "GET"
    assert request.headers["checkout-transaction-id"] == created.transaction_id
    assert request.text == ""


def test_sha512_is_used_both_ways(paytrail_simulator: SimulatorServer) -> None:
    client = make_client(paytrail_simulator.url, algorithm="sha512")
    created = client.create_payment(payment_body())

    assert paytrail_simulator.store.requests[-1].headers["checkout-algorithm"] == "sha512"
    redirect = paytrail_simulator.pay(created.transaction_id)
    assert "checkout-algorithm=sha512" in redirect
    assert client.get_payment(created.transaction_id).status == "ok"


def test_a_refund_of_a_paid_payment_is_accepted(
    client: PaytrailClient, paytrail_simulator: SimulatorServer
) -> None:
    created = client.create_payment(payment_body())
    paytrail_simulator.pay(created.transaction_id, "osuuspankki")

    result = client.refund(created.transaction_id, refund_body(2550))

    assert result.status == "ok"
    assert result.provider == "osuuspankki"
    assert result.transaction_id != created.transaction_id
    (refund,) = paytrail_simulator.store.refunds
    assert refund.amount == 2550
    assert refund.payment_transaction_id == created.transaction_id
    assert paytrail_simulator.store.requests[-1].headers["checkout-transaction-id"] == (
        created.transaction_id
    )


def test_refunds_beyond_the_paid_amount_are_rejected(
    client: PaytrailClient, paytrail_simulator: SimulatorServer
) -> None:
    created = client.create_payment(payment_body())
    paytrail_simulator.pay(created.transaction_id)
    client.refund(created.transaction_id, refund_body(5000))

    with pytest.raises(PaytrailRejected) as caught:
        client.refund(created.transaction_id, refund_body(101, refundStamp="refund-2"))

    assert caught.value.status_code == 400
    assert caught.value.meta == ["amount exceeds what is left to refund"]
    assert client.refund(created.transaction_id, refund_body(100)).status == "ok"


def test_an_unpaid_payment_cannot_be_refunded(client: PaytrailClient) -> None:
    created = client.create_payment(payment_body())

    with pytest.raises(PaytrailRejected) as caught:
        client.refund(created.transaction_id, refund_body(100))

    assert caught.value.status_code == 400


def test_a_refund_needs_callback_urls_as_at_paytrail(
    client: PaytrailClient, paytrail_simulator: SimulatorServer
) -> None:
    created = client.create_payment(payment_body())
    paytrail_simulator.pay(created.transaction_id)

    with pytest.raises(PaytrailRejected) as caught:
        client.refund(created.transaction_id, {"amount": 100})

    assert caught.value.meta == ["callbackUrls is required"]


def test_a_pending_refund_is_reported_as_pending(
    client: PaytrailClient, paytrail_simulator: SimulatorServer
) -> None:
    created = client.create_payment(payment_body())
    paytrail_simulator.pay(created.transaction_id)
    paytrail_simulator.faults.refund_status = "pending"

    assert client.refund(created.transaction_id, refund_body(100)).status == "pending"


def test_the_refund_callback_reaches_the_shop_signed(
    client: PaytrailClient, paytrail_simulator: SimulatorServer, paytrail_callback_listener
) -> None:
    created = client.create_payment(payment_body())
    paytrail_simulator.pay(created.transaction_id)
    urls = {
        "success": paytrail_callback_listener.url + "/refund/ok",
        "cancel": paytrail_callback_listener.url + "/refund/cancel",
    }

    result = client.refund(created.transaction_id, refund_body(700, callbackUrls=urls))

    (callback,) = paytrail_callback_listener.wait(1)
    assert callback.path == "/refund/ok"
    assert verify_params(callback.params, SECRET)
    assert callback.params["checkout-transaction-id"] == result.transaction_id
    assert callback.params["checkout-amount"] == "700"
    assert callback.params["checkout-stamp"] == "refund-1"
    assert callback.params["checkout-status"] == "ok"


# Rejections ------------------------------------------------------------------------------


def test_an_unknown_payment_is_404(client: PaytrailClient) -> None:
    with pytest.raises(PaytrailRejected) as caught:
        client.get_payment("00000000-0000-4000-8000-000000000000")

    assert caught.value.status_code == 404
    assert caught.value.message == "Payment not found"


def test_a_wrong_secret_is_401(paytrail_simulator: SimulatorServer) -> None:
    client = make_client(paytrail_simulator.url, secret_key="NOT-THE-SECRET")

    with pytest.raises(PaytrailRejected) as caught:
        client.create_payment(payment_body())

    assert caught.value.status_code == 401
    assert caught.value.meta == ["signature does not match"]
    assert paytrail_simulator.store.payments == {}


def test_an_unknown_merchant_is_401(paytrail_simulator: SimulatorServer) -> None:
    client = make_client(paytrail_simulator.url, merchant_id="999999")

    with pytest.raises(PaytrailRejected) as caught:
        client.get_payment("00000000-0000-4000-8000-000000000000")

    assert caught.value.status_code == 401


def raw_request(
    url: str, method: str, headers: dict[str, str], data: str = ""
) -> tuple[int, dict[str, str], dict[str, Any]]:
    request = urllib.request.Request(  # noqa: S310 (a loopback test server)
        url, data=data.encode() if data else None, headers=headers, method=method
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            status, raw, answer_headers = response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        status, raw, answer_headers = error.code, error.read(), error.headers
    return status, {k.lower(): v for k, v in answer_headers.items()}, json.loads(raw)


def test_a_body_changed_after_signing_is_401_with_the_error_body(
    paytrail_simulator: SimulatorServer,
) -> None:
    text = encode_body(payment_body())
    headers = signed_headers(merchant_id="375917", secret=SECRET, method="POST", body=text)

    status, _, answer = raw_request(
        paytrail_simulator.url + "/payments", "POST", headers, text.replace("5100", "5101")
    )

    assert status == 401
    assert answer == {
        "status": "error",
        "message": "Merchant authentication failed",
        "meta": ["signature does not match"],
    }


def test_a_method_header_that_does_not_match_is_401(paytrail_simulator: SimulatorServer) -> None:
    text = encode_body(payment_body())
    headers = signed_headers(merchant_id="375917", secret=SECRET, method="GET", body=text)

    status, _, answer = raw_request(paytrail_simulator.url + "/payments", "POST", headers, text)

    assert status == 401
    assert answer["meta"] == ["checkout-method must be the request's method"]


def test_a_replayed_nonce_is_401(paytrail_simulator: SimulatorServer) -> None:
    text = encode_body(payment_body())
    headers = signed_headers(merchant_id="375917", secret=SECRET, method="POST", body=text)
    first, _, _ = raw_request(paytrail_simulator.url + "/payments", "POST", headers, text)

    second, _, answer = raw_request(paytrail_simulator.url + "/payments", "POST", headers, text)

    assert first == 201
    assert second == 401
    assert answer["meta"] == ["checkout-nonce has been used already"]


def test_a_transaction_header_naming_another_payment_is_400(
    client: PaytrailClient, paytrail_simulator: SimulatorServer
) -> None:
    created = client.create_payment(payment_body())
    headers = signed_headers(
        merchant_id="375917", secret=SECRET, method="GET", transaction_id="other"
    )

    status, _, _ = raw_request(
        f"{paytrail_simulator.url}/payments/{created.transaction_id}", "GET", headers
    )

    assert status == 400


def test_a_validation_error_has_paytraits_documented_body_and_is_signed(
    paytrail_simulator: SimulatorServer,
) -> None:
    text = encode_body(payment_body(amount=5000))
    headers = signed_headers(merchant_id="375917", secret=SECRET, method="POST", body=text)

    status, answer_headers, answer = raw_request(
        paytrail_simulator.url + "/payments", "POST", headers, text
    )

    assert status == 400
    assert answer == {
        "status": "error",
        "message": "Validation failed",
        "meta": ["amount must equal the sum of the items' unitPrice × units"],
    }
    signed = {k: v for k, v in answer_headers.items() if k.startswith("checkout-")}
    body = json.dumps(answer, separators=(",", ":"), ensure_ascii=False)
    assert answer_headers["signature"] == sign(signed, body, SECRET, "sha256")


def test_an_amount_that_is_not_the_sum_of_the_items_is_rejected(client: PaytrailClient) -> None:
    with pytest.raises(PaytrailRejected) as caught:
        client.create_payment(payment_body(amount=5099))

    assert caught.value.status_code == 400
    assert caught.value.message == "Validation failed"
    assert caught.value.meta == ["amount must equal the sum of the items' unitPrice × units"]


def without(path: str) -> Callable[[dict[str, Any]], None]:
    *parents, leaf = path.split(".")

    def remove(body: dict[str, Any]) -> None:
        target: Any = body
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        del target[leaf]

    return remove


def setting(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    *parents, leaf = path.split(".")

    def change(body: dict[str, Any]) -> None:
        target: Any = body
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[leaf] = value

    return change


INVALID_BODIES = {
    "no stamp": (without("stamp"), "stamp is required"),
    "no reference": (without("reference"), "reference is required"),
    "no amount": (without("amount"), "amount is required"),
    "no currency": (without("currency"), "currency must be EUR"),
    "no language": (without("language"), "language must be FI, SV or EN"),
    "no customer": (without("customer"), "customer is required"),
    "no email": (without("customer.email"), "customer.email is required"),
    "no redirect urls": (without("redirectUrls"), "redirectUrls is required"),
    "no success url": (without("redirectUrls.success"), "redirectUrls.success is required"),
    "no unit price": (without("items.0.unitPrice"), "items[0].unitPrice is required"),
    "no units": (without("items.0.units"), "items[0].units is required"),
    "no vat": (without("items.0.vatPercentage"), "items[0].vatPercentage is required"),
    "no product code": (without("items.0.productCode"), "items[0].productCode is required"),
    "zero amount": (setting("amount", 0), "amount must be more than 0 and at most 99999998"),
    "amount in euros": (setting("amount", 51.0), "amount must be an integer"),
    "dollars": (setting("currency", "USD"), "currency must be EUR"),
    "german": (setting("language", "DE"), "language must be FI, SV or EN"),
    "long stamp": (setting("stamp", "s" * 201), "stamp must be at most 200 characters"),
    "long product code": (
        setting("items.0.productCode", "p" * 101),
        "items[0].productCode must be at most 100 characters",
    ),
    "long first name": (
        setting("customer.firstName", "M" * 51),
        "customer.firstName must be at most 50 characters",
    ),
    "unknown customer key": (
        setting("customer.socialSecurityNumber", "x"),
        "customer.socialSecurityNumber is not allowed",
    ),
    "bad email": (setting("customer.email", "maija"), "customer.email must be an email address"),
    "vat with two decimals": (
        setting("items.0.vatPercentage", 25.55),
        "items[0].vatPercentage must be from 0 to 100 with at most one decimal",
    ),
    "relative redirect": (
        setting("redirectUrls.cancel", "/cancel"),
        "redirectUrls.cancel must be an absolute http or https URL",
    ),
    "long redirect": (
        setting("redirectUrls.success", "https://shop.example/" + "x" * 300),
        "redirectUrls.success must be at most 300 characters",
    ),
    "address without city": (
        setting(
            "deliveryAddress",
            {"streetAddress": "Hämeenkatu 6 B", "postalCode": "33100", "country": "FI"},
        ),
        "deliveryAddress.city is required",
    ),
    "three letter country": (
        setting(
            "invoicingAddress",
            {
                "streetAddress": "Testikatu 1",
                "postalCode": "00510",
                "city": "Helsinki",
                "country": "FIN",
            },
        ),
        "invoicingAddress.country must be an ISO 3166-1 alpha-2 code",
    ),
    "long street": (
        setting(
            "deliveryAddress",
            {"streetAddress": "K" * 51, "postalCode": "33100", "city": "Tampere", "country": "FI"},
        ),
        "deliveryAddress.streetAddress must be at most 50 characters",
    ),
    "unknown top-level key": (setting("foo", 1), "foo is not allowed"),
    "long callback delay": (
        setting("callbackDelay", 901),
        ("callbackDelay must be a number of seconds from 0 to 900"),
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID_BODIES))
def test_an_invalid_create_request_is_400_naming_the_field(
    client: PaytrailClient, paytrail_simulator: SimulatorServer, case: str
) -> None:
    mutate, expected = INVALID_BODIES[case]
    body = copy.deepcopy(payment_body())
    mutate(body)

    with pytest.raises(PaytrailRejected) as caught:
        client.create_payment(body)

    assert caught.value.status_code == 400
    assert caught.value.message == "Validation failed"
    assert expected in caught.value.meta
    assert paytrail_simulator.store.payments == {}


def test_a_minimal_request_without_items_is_accepted(client: PaytrailClient) -> None:
    body = payment_body()
    del body["items"]
    body["customer"] = {"email": EMAIL}

    created = client.create_payment(body)

    # Invoice methods need the customer's name; without it they are not offered.
    assert "walley" not in [provider.id for provider in created.providers]


def test_a_stamp_used_twice_is_rejected(client: PaytrailClient) -> None:
    client.create_payment(payment_body())

    with pytest.raises(PaytrailRejected) as caught:
        client.create_payment(payment_body())

    assert caught.value.status_code == 400
    assert caught.value.message == "Duplicate stamp"


def test_errors_say_nothing_of_the_customer(
    client: PaytrailClient, paytrail_simulator: SimulatorServer
) -> None:
    body = payment_body(amount=1)
    body["customer"]["nickname"] = "Maikki"
    errors: list[PaytrailError] = []
    for fault in (None, "error"):
        paytrail_simulator.faults.create = fault
        with pytest.raises(PaytrailError) as caught:
            client.create_payment(body)
        errors.append(caught.value)

    assert [type(error) for error in errors] == [PaytrailRejected, PaytrailUnavailable]
    for error in errors:
        text = " ".join([str(error), repr(error), *getattr(error, "meta", [])])
        for personal in (EMAIL, "Maija", "Meikäläinen", "Maikki", "Mäntysuopa"):
            assert personal not in text


# Unavailability --------------------------------------------------------------------------


def test_a_stalled_paytrail_is_unavailable_within_the_timeout(
    paytrail_simulator: SimulatorServer,
) -> None:
    paytrail_simulator.faults.create = "timeout"
    client = make_client(paytrail_simulator.url, timeout=0.5)

    started = time.monotonic()
    with pytest.raises(PaytrailUnavailable):
        client.create_payment(payment_body())

    assert time.monotonic() - started < 2.0


def test_the_settings_timeout_applies(
    client: PaytrailClient, paytrail_simulator: SimulatorServer
) -> None:
    paytrail_simulator.faults.get = "timeout"

    started = time.monotonic()
    with pytest.raises(PaytrailUnavailable):
        client.get_payment("00000000-0000-4000-8000-000000000000")

    assert 1.5 < time.monotonic() - started < 4.0


@pytest.mark.parametrize("call", ["create", "get", "refund"])
def test_a_500_is_unavailable(
    client: PaytrailClient, paytrail_simulator: SimulatorServer, call: str
) -> None:
    setattr(paytrail_simulator.faults, call, "error")

    calls: dict[str, Callable[[], object]] = {
        "create": lambda: client.create_payment(payment_body()),
        "get": lambda: client.get_payment("00000000-0000-4000-8000-000000000000"),
        "refund": lambda: client.refund("00000000-0000-4000-8000-000000000000", refund_body(1)),
    }

    with pytest.raises(PaytrailUnavailable, match="500"):
        calls[call]()


def test_a_refused_connection_is_unavailable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = make_client(f"http://127.0.0.1:{port}")

    with pytest.raises(PaytrailUnavailable):
        client.create_payment(payment_body())


# Signatures on answers -------------------------------------------------------------------


@pytest.mark.parametrize("tampering", ["bad", "missing"])
def test_an_answer_without_a_valid_signature_is_refused(
    client: PaytrailClient, paytrail_simulator: SimulatorServer, tampering: str
) -> None:
    paytrail_simulator.faults.response_signature = tampering

    with pytest.raises(PaytrailSignatureError):
        client.create_payment(payment_body())


Answer = tuple[int, dict[str, str], bytes]


@pytest.fixture
def fake_paytrail() -> Iterator[Callable[[Answer], str]]:
    """A server that gives one canned answer to every request; returns its URL."""
    servers: list[ThreadingHTTPServer] = []

    def serve(answer: Answer) -> str:
        status, headers, data = answer

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                self.rfile.read(int(self.headers.get("content-length") or 0))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        servers.append(server)
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def signed_answer(status: int, text: str, *, tamper: bool = False) -> Answer:
    headers = {
        "checkout-account": "375917",
        "checkout-algorithm": "sha256",
        "checkout-nonce": "n-1",
        "checkout-timestamp": "2025-01-01T00:00:00.000Z",
    }
    headers["signature"] = sign(headers, text, SECRET, "sha256")
    headers["content-type"] = "application/json; charset=utf-8"
    sent = text.replace("ok", "no") if tamper else text
    return status, headers, sent.encode()


REFUND_ANSWER = '{"provider":"nordea","status":"ok","transactionId":"t-1"}'


def test_the_fake_answers_are_believed_when_signed(fake_paytrail) -> None:
    client = make_client(fake_paytrail(signed_answer(201, REFUND_ANSWER)))

    assert client.refund("t-0", refund_body(1)).status == "ok"


def test_a_body_changed_after_paytrail_signed_it_is_refused(fake_paytrail) -> None:
    client = make_client(fake_paytrail(signed_answer(201, REFUND_ANSWER, tamper=True)))

    with pytest.raises(PaytrailSignatureError):
        client.refund("t-0", refund_body(1))


def test_an_error_answer_with_a_wrong_signature_is_refused(fake_paytrail) -> None:
    error = '{"status":"error","message":"Validation failed","meta":["ok"]}'
    client = make_client(fake_paytrail(signed_answer(400, error, tamper=True)))

    with pytest.raises(PaytrailSignatureError):
        client.refund("t-0", refund_body(1))


def test_a_signed_answer_that_is_not_json_is_unavailable(fake_paytrail) -> None:
    client = make_client(fake_paytrail(signed_answer(201, "<html>ok</html>")))

    with pytest.raises(PaytrailUnavailable, match="not JSON"):
        client.refund("t-0", refund_body(1))


def test_a_signed_answer_missing_fields_is_unavailable(fake_paytrail) -> None:
    client = make_client(fake_paytrail(signed_answer(201, '{"status":"ok"}')))

    with pytest.raises(PaytrailUnavailable, match="incomplete"):
        client.refund("t-0", refund_body(1))


def test_an_unsigned_html_404_is_unavailable(fake_paytrail) -> None:
    client = make_client(fake_paytrail((404, {"content-type": "text/html"}, b"<h1>404</h1>")))

    with pytest.raises(PaytrailUnavailable):
        client.get_payment("t-0")


def test_a_redirect_is_not_followed(fake_paytrail) -> None:
    target = fake_paytrail(signed_answer(201, REFUND_ANSWER))
    client = make_client(fake_paytrail((302, {"location": target}, b"")))

    with pytest.raises(PaytrailUnavailable, match="302"):
        client.refund("t-0", refund_body(1))


def test_a_502_from_a_proxy_is_unavailable(fake_paytrail) -> None:
    client = make_client(fake_paytrail((502, {"content-type": "text/html"}, b"Bad gateway")))

    with pytest.raises(PaytrailUnavailable, match="502"):
        client.get_payment("t-0")

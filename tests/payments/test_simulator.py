"""The Paytrail simulator: its hosted payment page, redirects, callbacks, faults and the
``paytrail_simulator`` command, over real HTTP on loopback."""

from __future__ import annotations

import http.client
import io
import re
import threading
import time
import urllib.parse
import urllib.request
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from rekisteri.payments.paytrail import (
    PaytrailClient,
    parse_callback,
    verify_params,
)
from rekisteri.payments.simulator import SimulatorError, SimulatorServer

SECRET = "SAIPPUAKAUPPIAS"


def payment_body(listener_url: str | None = None, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "stamp": "order-7",
        "reference": "1007",
        "amount": 123456,
        "currency": "EUR",
        "language": "FI",
        "items": [
            {
                "unitPrice": 123456,
                "units": 1,
                "vatPercentage": Decimal("25.5"),
                "productCode": "SAUNA",
            }
        ],
        "customer": {"email": "asiakas@example.fi", "firstName": "Aino", "lastName": "Asiakas"},
        "redirectUrls": {
            "success": "https://shop.example/return/success?order=7",
            "cancel": "https://shop.example/return/cancel",
        },
    }
    if listener_url:
        body["callbackUrls"] = {
            "success": listener_url + "/callback/success",
            "cancel": listener_url + "/callback/cancel",
        }
    body.update(changes)
    return body


def create(body: dict[str, Any]) -> str:
    return PaytrailClient.from_settings().create_payment(body).transaction_id


def request(
    server: SimulatorServer, method: str, path: str, form: dict[str, str] | None = None
) -> tuple[int, dict[str, str], str]:
    """One request, redirects not followed."""
    parts = urllib.parse.urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=5)
    try:
        data = urllib.parse.urlencode(form) if form is not None else None
        headers = {"content-type": "application/x-www-form-urlencoded"} if data else {}
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text
    finally:
        connection.close()


def query(url: str) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))


class PageParser(HTMLParser):
    """The parts of the payment page that matter to someone using it."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.headings: list[str] = []
        self.radios: list[dict[str, str | None]] = []
        self.labels: dict[str, str] = {}
        self.buttons: list[dict[str, str | None]] = []
        self.legends: list[str] = []
        self.alerts: list[str] = []
        self._open: list[tuple[str, dict[str, str | None]]] = []
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag == "input" and attributes.get("type") == "radio":
            self.radios.append(attributes)
        if tag in ("h1", "label", "button", "legend", "p"):
            self._open.append((tag, attributes))
            self._text = []

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if not self._open or self._open[-1][0] != tag:
            return
        _, attributes = self._open.pop()
        text = "".join(self._text).strip()
        if tag == "h1":
            self.headings.append(text)
        elif tag == "label":
            self.labels[attributes.get("for") or ""] = text
        elif tag == "button":
            self.buttons.append({**attributes, "text": text})
        elif tag == "legend":
            self.legends.append(text)
        elif tag == "p" and attributes.get("role") == "alert":
            self.alerts.append(text)


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


# The hosted page -------------------------------------------------------------------------


def test_the_payment_page_is_a_form_a_customer_can_use(
    paytrail_simulator: SimulatorServer,
) -> None:
    transaction_id = create(payment_body())

    status, headers, html = request(paytrail_simulator, "GET", f"/pay/{transaction_id}")

    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    page = parse(html)
    assert page.lang == "fi"
    assert len(page.headings) == 1
    assert page.legends  # the methods are a named group
    assert [radio["value"] for radio in page.radios] == [
        "osuuspankki",
        "nordea",
        "mobilepay",
        "walley",
        "klarna",
    ]
    for radio in page.radios:
        assert radio["name"] == "provider"
        assert page.labels[radio["id"] or ""]  # every method has a label
    assert [button["value"] for button in page.buttons] == ["pay", "cancel"]
    assert "375917" in html
    assert "1\xa0234,56\xa0€" in html


@pytest.mark.parametrize(
    ("language", "lang", "amount"),
    [("FI", "fi", "1234,56"), ("SV", "sv", "1234,56"), ("EN", "en", "1,234.56")],
)
def test_the_page_speaks_the_payments_language(
    paytrail_simulator: SimulatorServer, language: str, lang: str, amount: str
) -> None:
    transaction_id = create(payment_body(language=language))

    _, _, html = request(paytrail_simulator, "GET", f"/pay/{transaction_id}")

    assert parse(html).lang == lang
    assert amount in html.replace("\xa0", "")


def test_an_unknown_payment_page_is_404(paytrail_simulator: SimulatorServer) -> None:
    status, _, html = request(paytrail_simulator, "GET", "/pay/no-such-payment")

    assert status == 404
    assert parse(html).lang == "fi"


def test_paying_on_the_page_redirects_to_the_shop_with_signed_params(
    paytrail_simulator: SimulatorServer,
) -> None:
    transaction_id = create(payment_body())

    status, headers, _ = request(
        paytrail_simulator,
        "POST",
        f"/pay/{transaction_id}",
        {"provider": "mobilepay", "action": "pay"},
    )

    assert status == 303
    location = headers["location"]
    assert location.startswith("https://shop.example/return/success?order=7&")
    params = query(location)
    assert verify_params(params, SECRET)
    assert params == {
        "order": "7",
        "checkout-account": "375917",
        "checkout-algorithm": "sha256",
        "checkout-amount": "123456",
        "checkout-stamp": "order-7",
        "checkout-reference": "1007",
        "checkout-transaction-id": transaction_id,
        "checkout-status": "ok",
        "checkout-provider": "mobilepay",
        "signature": params["signature"],
    }
    payment = paytrail_simulator.store.payments[transaction_id]
    assert payment.status == "ok"
    assert payment.provider == "mobilepay"
    assert payment.paid_at is not None


def test_the_provider_forms_from_the_api_pay_as_posted(
    paytrail_simulator: SimulatorServer,
) -> None:
    created = PaytrailClient.from_settings().create_payment(payment_body())
    nordea = next(provider for provider in created.providers if provider.id == "nordea")
    path = urllib.parse.urlsplit(nordea.url).path

    status, headers, _ = request(
        paytrail_simulator, "POST", path, {f.name: f.value for f in nordea.parameters}
    )

    assert status == 303
    assert query(headers["location"])["checkout-provider"] == "nordea"


def test_cancelling_on_the_page_redirects_to_the_cancel_url_with_status_fail(
    paytrail_simulator: SimulatorServer,
) -> None:
    transaction_id = create(payment_body())

    status, headers, _ = request(
        paytrail_simulator, "POST", f"/pay/{transaction_id}", {"action": "cancel"}
    )

    assert status == 303
    assert headers["location"].startswith("https://shop.example/return/cancel?")
    params = query(headers["location"])
    assert verify_params(params, SECRET)
    assert params["checkout-status"] == "fail"
    assert paytrail_simulator.store.payments[transaction_id].status == "fail"


def test_paying_without_choosing_a_method_shows_the_page_again_with_an_alert(
    paytrail_simulator: SimulatorServer,
) -> None:
    transaction_id = create(payment_body())

    status, _, html = request(
        paytrail_simulator, "POST", f"/pay/{transaction_id}", {"action": "pay"}
    )

    assert status == 400
    assert len(parse(html).alerts) == 1
    assert 'aria-describedby="method-error"' in html
    assert paytrail_simulator.store.payments[transaction_id].status == "new"


def test_a_processed_payment_cannot_be_paid_again(paytrail_simulator: SimulatorServer) -> None:
    transaction_id = create(payment_body())
    paytrail_simulator.pay(transaction_id)

    status, _, _ = request(
        paytrail_simulator,
        "POST",
        f"/pay/{transaction_id}",
        {"provider": "nordea", "action": "pay"},
    )
    page_status, _, _ = request(paytrail_simulator, "GET", f"/pay/{transaction_id}")

    assert status == page_status == 409
    assert paytrail_simulator.store.payments[transaction_id].provider == "osuuspankki"
    with pytest.raises(SimulatorError):
        paytrail_simulator.cancel(transaction_id)


def test_invoice_needs_the_customers_name(paytrail_simulator: SimulatorServer) -> None:
    transaction_id = create(payment_body(customer={"email": "asiakas@example.fi"}))

    with pytest.raises(SimulatorError, match="not offered"):
        paytrail_simulator.pay(transaction_id, "walley")
    _, _, html = request(paytrail_simulator, "GET", f"/pay/{transaction_id}")
    assert "walley" not in [radio["value"] for radio in parse(html).radios]


def test_groups_limit_the_methods_offered(paytrail_simulator: SimulatorServer) -> None:
    created = PaytrailClient.from_settings().create_payment(payment_body(groups=["mobile"]))

    assert [provider.id for provider in created.providers] == ["mobilepay"]
    assert [group.id for group in created.groups] == ["mobile"]


def test_the_terms_page_and_the_icons_are_served(paytrail_simulator: SimulatorServer) -> None:
    created = PaytrailClient.from_settings().create_payment(payment_body())
    for url in [created.providers[0].svg, created.groups[0].svg, f"{paytrail_simulator.url}/terms"]:
        status, _, _ = request(paytrail_simulator, "GET", urllib.parse.urlsplit(url).path)
        assert status == 200, url


# The helper and the redirect parameters --------------------------------------------------


def test_pay_returns_the_redirect_url_a_browser_would_follow(
    paytrail_simulator: SimulatorServer,
) -> None:
    transaction_id = create(payment_body())

    url = paytrail_simulator.pay(transaction_id, "nordea")

    callback = parse_callback(query(url), secret=SECRET, merchant_id="375917")
    assert callback.transaction_id == transaction_id
    assert callback.status == "ok"
    assert callback.provider == "nordea"
    assert callback.amount == 123456


def test_a_payment_can_be_left_pending(paytrail_simulator: SimulatorServer) -> None:
    transaction_id = create(payment_body())

    url = paytrail_simulator.pay(transaction_id, "walley", status="pending")

    assert url.startswith("https://shop.example/return/success")
    assert query(url)["checkout-status"] == "pending"
    assert paytrail_simulator.store.payments[transaction_id].paid_at is None


@pytest.mark.parametrize(
    "name",
    [
        "checkout-account",
        "checkout-algorithm",
        "checkout-amount",
        "checkout-stamp",
        "checkout-reference",
        "checkout-transaction-id",
        "checkout-status",
        "checkout-provider",
        "signature",
    ],
)
def test_a_redirect_with_any_param_altered_does_not_verify(
    paytrail_simulator: SimulatorServer, name: str
) -> None:
    params = query(paytrail_simulator.pay(create(payment_body())))
    assert verify_params(params, SECRET)

    original = params[name]
    last = "1" if original.endswith("0") else "0"
    params[name] = "sha512" if name == "checkout-algorithm" else original[:-1] + last
    assert params[name] != original

    assert not verify_params(params, SECRET)


# Callbacks -------------------------------------------------------------------------------


def test_paying_calls_the_success_callback_with_the_redirects_params(
    paytrail_simulator: SimulatorServer, paytrail_callback_listener
) -> None:
    transaction_id = create(payment_body(paytrail_callback_listener.url))

    url = paytrail_simulator.pay(transaction_id)

    (callback,) = paytrail_callback_listener.wait(1)
    assert callback.path == "/callback/success"
    assert callback.params == {k: v for k, v in query(url).items() if k != "order"}
    assert verify_params(callback.params, SECRET)
    (sent,) = paytrail_simulator.wait_for_callbacks(1)
    assert sent.status_code == 200


def test_cancelling_calls_the_cancel_callback(
    paytrail_simulator: SimulatorServer, paytrail_callback_listener
) -> None:
    transaction_id = create(payment_body(paytrail_callback_listener.url))

    paytrail_simulator.cancel(transaction_id)

    (callback,) = paytrail_callback_listener.wait(1)
    assert callback.path == "/callback/cancel"
    assert callback.params["checkout-status"] == "fail"
    assert verify_params(callback.params, SECRET)


def test_paying_on_the_page_calls_the_callback_too(
    paytrail_simulator: SimulatorServer, paytrail_callback_listener
) -> None:
    transaction_id = create(payment_body(paytrail_callback_listener.url))

    request(
        paytrail_simulator,
        "POST",
        f"/pay/{transaction_id}",
        {"provider": "klarna", "action": "pay"},
    )

    (callback,) = paytrail_callback_listener.wait(1)
    assert callback.params["checkout-provider"] == "klarna"


def test_dropped_callbacks_are_not_made_but_the_browser_is_redirected(
    paytrail_simulator: SimulatorServer, paytrail_callback_listener
) -> None:
    transaction_id = create(payment_body(paytrail_callback_listener.url))
    paytrail_simulator.faults.drop_callbacks = True

    url = paytrail_simulator.pay(transaction_id)

    assert verify_params(query(url), SECRET)
    time.sleep(0.3)
    assert paytrail_callback_listener.received == []
    assert paytrail_simulator.store.callbacks == []


def test_the_callback_delay_is_honoured(
    paytrail_simulator: SimulatorServer, paytrail_callback_listener
) -> None:
    transaction_id = create(payment_body(paytrail_callback_listener.url, callbackDelay=1))

    paid = time.monotonic()
    paytrail_simulator.pay(transaction_id)
    assert paytrail_callback_listener.wait(1, timeout=0.5) == []

    assert len(paytrail_callback_listener.wait(1, timeout=3)) == 1
    assert time.monotonic() - paid >= 1.0


def test_reset_drops_callbacks_still_waiting(
    paytrail_simulator: SimulatorServer, paytrail_callback_listener
) -> None:
    transaction_id = create(payment_body(paytrail_callback_listener.url, callbackDelay=1))
    paytrail_simulator.pay(transaction_id)

    paytrail_simulator.reset()

    assert paytrail_callback_listener.wait(1, timeout=1.5) == []


def test_a_failing_callback_fails_silently(
    paytrail_simulator: SimulatorServer, paytrail_callback_listener
) -> None:
    paytrail_callback_listener.status = 500
    transaction_id = create(payment_body(paytrail_callback_listener.url))

    url = paytrail_simulator.pay(transaction_id)

    (sent,) = paytrail_simulator.wait_for_callbacks(1)
    assert sent.status_code == 500
    assert query(url)["checkout-status"] == "ok"


def test_an_unreachable_callback_fails_silently(paytrail_simulator: SimulatorServer) -> None:
    transaction_id = create(payment_body("http://127.0.0.1:9"))

    paytrail_simulator.pay(transaction_id)

    (sent,) = paytrail_simulator.wait_for_callbacks(1)
    assert sent.status_code is None
    assert sent.error


# Store and reset -------------------------------------------------------------------------


def test_reset_forgets_everything_and_switches_faults_off(
    paytrail_simulator: SimulatorServer,
) -> None:
    create(payment_body())
    paytrail_simulator.faults.create = "error"
    paytrail_simulator.faults.drop_callbacks = True

    paytrail_simulator.reset()

    assert paytrail_simulator.store.payments == {}
    assert paytrail_simulator.store.requests == []
    assert paytrail_simulator.store.received_bodies == []
    assert paytrail_simulator.faults.create is None
    assert paytrail_simulator.faults.drop_callbacks is False
    assert create(payment_body())


def test_the_store_keeps_what_the_client_sent(paytrail_simulator: SimulatorServer) -> None:
    create(payment_body())

    (body,) = paytrail_simulator.store.received_bodies
    assert body["items"][0]["vatPercentage"] == 25.5
    assert body["customer"]["firstName"] == "Aino"


# The command -----------------------------------------------------------------------------


def test_the_command_serves_until_stopped(settings) -> None:
    out = io.StringIO()
    stop = threading.Event()
    thread = threading.Thread(
        target=call_command,
        args=("paytrail_simulator", "--port", "0"),
        kwargs={"stdout": out, "stop_event": stop},
    )
    thread.start()
    try:
        deadline = time.monotonic() + 5
        while not (found := re.search(r"http://127\.0\.0\.1:\d+", out.getvalue())):
            assert time.monotonic() < deadline, out.getvalue()
            time.sleep(0.05)
        url = found.group(0)
        with urllib.request.urlopen(url + "/terms", timeout=5) as response:  # noqa: S310
            assert response.status == 200
        assert settings.PAYTRAIL_MERCHANT_ID in out.getvalue()
    finally:
        stop.set()
        thread.join(5)
    assert not thread.is_alive()


def test_the_command_refuses_to_run_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REKISTERI_ENV", "production")

    with pytest.raises(CommandError, match="production"):
        call_command("paytrail_simulator", "--port", "0")


def test_the_command_refuses_a_port_out_of_range() -> None:
    with pytest.raises(CommandError, match="port"):
        call_command("paytrail_simulator", "--port", "70000")

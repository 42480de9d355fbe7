"""Paytrail's HMAC signatures on requests, responses, redirects and callbacks."""

from __future__ import annotations

import datetime
import json
import re
import uuid
from decimal import Decimal

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from rekisteri.payments.paytrail import (
    PaytrailSignatureError,
    encode_body,
    parse_callback,
    sign,
    sign_params,
    signed_headers,
    verify_headers,
    verify_params,
)
from rekisteri.payments.paytrail.signing import format_timestamp

SECRET = "SAIPPUAKAUPPIAS"
VECTOR_HEADERS = {
    "checkout-account": "375917",
    "checkout-algorithm": "sha256",
    "checkout-method": "POST",
    "checkout-nonce": "564635208570151",
    "checkout-timestamp": "2018-07-06T10:01:31.904Z",
}
VECTOR_BODY = (
    '{"stamp":"unique-identifier-for-merchant","reference":"3759170","amount":1525,'
    '"currency":"EUR","language":"FI","items":[{"unitPrice":1525,"units":1,'
    '"vatPercentage":25.5,"productCode":"#1234","deliveryDate":"2018-09-01"}],'
    '"customer":{"email":"test.customer@example.com"},"redirectUrls":'
    '{"success":"https://ecom.example.com/cart/success",'
    '"cancel":"https://ecom.example.com/cart/cancel"}}'
)
VECTOR_SIGNATURE = "9a4a7735279de4c99268e4566a5526ae887e73e6e58f2918cb2309ccac366129"

RETURN_PARAMS = {
    "checkout-account": "375917",
    "checkout-algorithm": "sha256",
    "checkout-amount": "2964",
    "checkout-stamp": "15336332710015",
    "checkout-reference": "192387192837195",
    "checkout-transaction-id": "4b300af6-9a22-11e8-9184-abb6de7fd2d0",
    "checkout-status": "ok",
    "checkout-provider": "nordea",
}
# The example redirect URL in Paytrail's documentation, with its published signature.
DOCUMENTED_RETURN_SIGNATURE = "b2d3ecdda2c04563a4638fcade3d4e77dfdc58829b429ad2c2cb422d0fc64080"


def test_the_published_test_vector_signs_as_documented() -> None:
    assert sign(VECTOR_HEADERS, VECTOR_BODY, SECRET, "sha256") == VECTOR_SIGNATURE


def test_the_documentation_examples_older_vector_with_24_percent_vat() -> None:
    body = VECTOR_BODY.replace('"vatPercentage":25.5', '"vatPercentage":24')
    expected = "3708f6497ae7cc55a2e6009fc90aa10c3ad0ef125260ee91b19168750f6d74f6"
    assert sign(VECTOR_HEADERS, body, SECRET, "sha256") == expected


def test_the_documented_redirect_url_verifies() -> None:
    params = {**RETURN_PARAMS, "signature": DOCUMENTED_RETURN_SIGNATURE}
    assert verify_params(params, SECRET)


def test_the_vector_body_is_what_encode_body_writes() -> None:
    body = json.loads(VECTOR_BODY)
    body["items"][0]["vatPercentage"] = Decimal("25.5")
    assert encode_body(body) == VECTOR_BODY


def test_header_names_are_signed_in_lowercase_and_sorted_whatever_their_order() -> None:
    shuffled = {name.upper(): value for name, value in reversed(VECTOR_HEADERS.items())}
    assert sign(shuffled, VECTOR_BODY, SECRET, "sha256") == VECTOR_SIGNATURE


def test_headers_not_starting_with_checkout_are_not_signed() -> None:
    extra = {**VECTOR_HEADERS, "platform-name": "rekisteri", "content-type": "text/plain"}
    assert sign(extra, VECTOR_BODY, SECRET, "sha256") == VECTOR_SIGNATURE


def test_signed_headers_reproduce_the_vector_when_nonce_and_time_are_pinned() -> None:
    headers = signed_headers(
        merchant_id="375917",
        secret=SECRET,
        method="post",
        body=VECTOR_BODY,
        nonce="564635208570151",
        timestamp=datetime.datetime(2018, 7, 6, 10, 1, 31, 904000, tzinfo=datetime.UTC),
        platform_name="rekisteri",
    )
    assert headers["signature"] == VECTOR_SIGNATURE
    assert headers["checkout-method"] == "POST"
    assert headers["content-type"] == "application/json; charset=utf-8"
    assert headers["platform-name"] == "rekisteri"
    assert "checkout-transaction-id" not in headers


def test_signed_headers_use_a_fresh_uuid_nonce_and_a_utc_timestamp_with_milliseconds() -> None:
    first = signed_headers(merchant_id="375917", secret=SECRET, method="GET")
    second = signed_headers(merchant_id="375917", secret=SECRET, method="GET")
    assert first["checkout-nonce"] != second["checkout-nonce"]
    uuid.UUID(first["checkout-nonce"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", first["checkout-timestamp"])
    assert "content-type" not in first  # no body, nothing to describe
    assert verify_headers(first, "", SECRET)


def test_signed_headers_carry_the_transaction_id_and_sign_it() -> None:
    headers = signed_headers(
        merchant_id="375917", secret=SECRET, method="GET", transaction_id="abc-123"
    )
    assert headers["checkout-transaction-id"] == "abc-123"
    assert verify_headers(headers, "", SECRET)
    assert not verify_headers({**headers, "checkout-transaction-id": "abc-124"}, "", SECRET)


def test_a_local_timestamp_is_written_in_utc() -> None:
    helsinki = datetime.timezone(datetime.timedelta(hours=3))
    moment = datetime.datetime(2018, 7, 6, 13, 1, 31, 904321, tzinfo=helsinki)
    assert format_timestamp(moment) == "2018-07-06T10:01:31.904Z"


def test_sha512_signs_verifies_and_differs_from_sha256() -> None:
    headers = signed_headers(
        merchant_id="375917", secret=SECRET, method="POST", body=VECTOR_BODY, algorithm="sha512"
    )
    assert len(headers["signature"]) == 128
    assert verify_headers(headers, VECTOR_BODY, SECRET)
    as_sha256 = {**headers, "checkout-algorithm": "sha256"}
    assert not verify_headers(as_sha256, VECTOR_BODY, SECRET)


def test_only_sha256_and_sha512_are_accepted() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        sign(VECTOR_HEADERS, "", SECRET, "md5")
    params = {**RETURN_PARAMS, "checkout-algorithm": "md5"}
    params["signature"] = sign(params, "", SECRET, "sha256")
    assert not verify_params(params, SECRET)


@pytest.mark.parametrize("name", sorted(VECTOR_HEADERS))
def test_changing_any_signed_header_breaks_verification(name: str) -> None:
    headers = {**VECTOR_HEADERS, "signature": VECTOR_SIGNATURE}
    assert verify_headers(headers, VECTOR_BODY, SECRET)
    headers[name] += "0"
    assert not verify_headers(headers, VECTOR_BODY, SECRET)


def test_adding_a_checkout_header_breaks_verification() -> None:
    headers = {**VECTOR_HEADERS, "signature": VECTOR_SIGNATURE, "checkout-extra": "x"}
    assert not verify_headers(headers, VECTOR_BODY, SECRET)


@given(st.integers(min_value=0, max_value=len(VECTOR_BODY) - 1), st.characters())
def test_changing_any_single_body_character_breaks_verification(index: int, char: str) -> None:
    body = VECTOR_BODY[:index] + char + VECTOR_BODY[index + 1 :]
    headers = {**VECTOR_HEADERS, "signature": VECTOR_SIGNATURE}
    assert verify_headers(headers, body, SECRET) is (body == VECTOR_BODY)


def test_response_headers_are_matched_without_regard_to_case() -> None:
    headers = {name.title(): value for name, value in VECTOR_HEADERS.items()}
    headers["Signature"] = VECTOR_SIGNATURE
    assert verify_headers(headers, VECTOR_BODY, SECRET)


def test_headers_without_a_signature_or_algorithm_do_not_verify() -> None:
    assert not verify_headers(VECTOR_HEADERS, VECTOR_BODY, SECRET)
    without_algorithm = {
        name: value for name, value in VECTOR_HEADERS.items() if name != "checkout-algorithm"
    }
    assert not verify_headers(
        {**without_algorithm, "signature": VECTOR_SIGNATURE}, VECTOR_BODY, SECRET
    )


def test_a_wrong_secret_does_not_verify() -> None:
    headers = {**VECTOR_HEADERS, "signature": VECTOR_SIGNATURE}
    assert not verify_headers(headers, VECTOR_BODY, "SAIPPUAKAUPPIAZ")


def test_signed_params_verify() -> None:
    signed = sign_params(RETURN_PARAMS, SECRET)
    assert signed["signature"] == DOCUMENTED_RETURN_SIGNATURE
    assert verify_params(signed, SECRET)


@pytest.mark.parametrize("name", [*sorted(RETURN_PARAMS), "signature"])
def test_altering_any_return_param_breaks_verification(name: str) -> None:
    params = sign_params(RETURN_PARAMS, SECRET)
    params[name] = params[name] + "1"
    assert not verify_params(params, SECRET)


@pytest.mark.parametrize("name", sorted(RETURN_PARAMS))
def test_removing_any_return_param_breaks_verification(name: str) -> None:
    params = sign_params(RETURN_PARAMS, SECRET)
    del params[name]
    assert not verify_params(params, SECRET)


def test_a_new_checkout_param_is_signed_too() -> None:
    with_new = {**RETURN_PARAMS, "checkout-settlement-reference": "1234"}
    signed = sign_params(with_new, SECRET)
    assert verify_params(signed, SECRET)
    signed["checkout-settlement-reference"] = "1235"
    assert not verify_params(signed, SECRET)
    assert not verify_params({**sign_params(RETURN_PARAMS, SECRET), "checkout-x": "1"}, SECRET)


def test_params_not_starting_with_checkout_are_ignored() -> None:
    signed = {**sign_params(RETURN_PARAMS, SECRET), "utm_source": "mail", "lang": "fi"}
    assert verify_params(signed, SECRET)


def test_params_without_a_signature_do_not_verify() -> None:
    assert not verify_params(RETURN_PARAMS, SECRET)
    assert not verify_params({**RETURN_PARAMS, "signature": ""}, SECRET)


def test_a_non_ascii_signature_fails_instead_of_raising() -> None:
    assert not verify_params({**RETURN_PARAMS, "signature": "ä" * 64}, SECRET)


def test_sha512_params_verify() -> None:
    signed = sign_params({**RETURN_PARAMS, "checkout-algorithm": "sha512"}, SECRET)
    assert len(signed["signature"]) == 128
    assert verify_params(signed, SECRET)


def test_a_query_dict_verifies_and_a_repeated_param_fails() -> None:
    query = "&".join(f"{k}={v}" for k, v in sign_params(RETURN_PARAMS, SECRET).items())
    assert verify_params(QueryDict(query), SECRET)
    assert not verify_params(QueryDict(query + "&checkout-status=fail"), SECRET)


@given(
    st.dictionaries(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=12).map(
            lambda name: "checkout-" + name
        ),
        st.text(max_size=40),
        max_size=8,
    ),
    st.sampled_from(["sha256", "sha512"]),
)
def test_any_signed_params_verify_and_any_changed_value_does_not(
    params: dict[str, str], algorithm: str
) -> None:
    params = {**params, "checkout-algorithm": algorithm}
    signed = sign_params(params, SECRET)
    assert verify_params(signed, SECRET)
    for name in params:
        if name == "checkout-algorithm":
            continue
        changed = {**signed, name: signed[name] + "x"}
        assert not verify_params(changed, SECRET)


def test_parse_callback_reads_a_valid_callback() -> None:
    callback = parse_callback(
        sign_params(RETURN_PARAMS, SECRET), secret=SECRET, merchant_id="375917"
    )
    assert callback.transaction_id == "4b300af6-9a22-11e8-9184-abb6de7fd2d0"
    assert callback.status == "ok"
    assert callback.amount == 2964
    assert callback.stamp == "15336332710015"
    assert callback.reference == "192387192837195"
    assert callback.provider == "nordea"
    assert callback.params["checkout-account"] == "375917"


def test_parse_callback_refuses_a_bad_signature() -> None:
    params = sign_params(RETURN_PARAMS, SECRET)
    params["checkout-status"] = "fail"
    with pytest.raises(PaytrailSignatureError):
        parse_callback(params, secret=SECRET, merchant_id="375917")


def test_parse_callback_refuses_another_merchants_account() -> None:
    params = sign_params({**RETURN_PARAMS, "checkout-account": "695861"}, SECRET)
    with pytest.raises(PaytrailSignatureError, match="another merchant"):
        parse_callback(params, secret=SECRET, merchant_id="375917")


def test_parse_callback_refuses_a_signed_but_malformed_amount() -> None:
    params = sign_params({**RETURN_PARAMS, "checkout-amount": "12,50"}, SECRET)
    with pytest.raises(PaytrailSignatureError, match="lacks"):
        parse_callback(params, secret=SECRET, merchant_id="375917")


def test_encode_body_writes_compact_json_with_decimals_as_numbers() -> None:
    body = {
        "a": Decimal("25.5"),
        "b": Decimal("24.0"),
        "c": Decimal("25.50"),
        "d": [Decimal("0.1"), (1, 2)],
        "name": "Äijä Öhman",
    }
    assert encode_body(body) == '{"a":25.5,"b":24,"c":25.5,"d":[0.1,[1,2]],"name":"Äijä Öhman"}'


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), float("nan")])
def test_encode_body_refuses_values_that_are_not_finite_numbers(value: object) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 (the message is json's own)
        encode_body({"vatPercentage": value})


def test_encode_body_refuses_a_decimal_a_json_number_would_round() -> None:
    with pytest.raises(ValueError, match="more precise"):
        encode_body({"x": Decimal("0.10000000000000000001")})

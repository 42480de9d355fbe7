"""The simulator's checks of request bodies, after Paytrail's documented rules.

Each check returns the problems found as short texts naming the field, never its value (the
values are customers' personal data), in the style of Paytrail's error ``meta``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeGuard
from urllib.parse import urlsplit

GROUPS = ("mobile", "bank", "creditcard", "credit")
LANGUAGES = ("FI", "SV", "EN")
MAX_AMOUNT = 99_999_998
MAX_INT32 = 2_147_483_647

CREATE_FIELDS = frozenset(
    {
        "stamp",
        "reference",
        "amount",
        "currency",
        "language",
        "orderId",
        "description",
        "items",
        "customer",
        "deliveryAddress",
        "invoicingAddress",
        "manualInvoiceActivation",
        "redirectUrls",
        "callbackUrls",
        "callbackDelay",
        "groups",
        "usePricesWithoutVat",
    }
)
ITEM_FIELDS = frozenset(
    {
        "unitPrice",
        "units",
        "vatPercentage",
        "productCode",
        "description",
        "category",
        "orderId",
        "stamp",
        "reference",
        "merchant",
        "commission",
        "deliveryDate",
    }
)
CUSTOMER_FIELDS = frozenset({"email", "firstName", "lastName", "phone", "vatId", "companyName"})
ADDRESS_FIELDS = frozenset({"streetAddress", "postalCode", "city", "county", "country"})
URL_FIELDS = frozenset({"success", "cancel"})
REFUND_FIELDS = frozenset(
    {"amount", "email", "refundStamp", "refundReference", "items", "callbackUrls"}
)
REFUND_ITEM_FIELDS = frozenset({"amount", "stamp", "refundStamp", "refundReference", "commission"})

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
COUNTRY = re.compile(r"[A-Z]{2}")


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _Problems:
    def __init__(self) -> None:
        self.found: list[str] = []

    def add(self, text: str) -> None:
        self.found.append(text)

    def unknown(self, where: str, value: Mapping[str, Any], allowed: frozenset[str]) -> None:
        for name in sorted(set(value) - allowed):
            self.add(f"{where}{name} is not allowed")

    def string(
        self,
        value: Mapping[str, Any],
        name: str,
        where: str = "",
        *,
        required: bool,
        maximum: int | None = None,
    ) -> None:
        path = where + name
        if name not in value or value[name] is None:
            if required:
                self.add(f"{path} is required")
            return
        text = value[name]
        if not isinstance(text, str):
            self.add(f"{path} must be a string")
        elif required and not text.strip():
            self.add(f"{path} must not be empty")
        elif maximum is not None and len(text) > maximum:
            self.add(f"{path} must be at most {maximum} characters")

    def urls(self, value: Any, name: str, *, required: bool, maximum: int) -> None:
        if value is None:
            if required:
                self.add(f"{name} is required")
            return
        if not isinstance(value, dict):
            self.add(f"{name} must be an object")
            return
        self.unknown(f"{name}.", value, URL_FIELDS)
        for key in ("success", "cancel"):
            self.string(value, key, f"{name}.", required=True, maximum=maximum)
            url = value.get(key)
            if isinstance(url, str) and url.strip():
                parts = urlsplit(url)
                if parts.scheme not in ("http", "https") or not parts.netloc:
                    self.add(f"{name}.{key} must be an absolute http or https URL")

    def address(self, value: Any, name: str) -> None:
        if value is None:
            return
        if not isinstance(value, dict):
            self.add(f"{name} must be an object")
            return
        where = f"{name}."
        self.unknown(where, value, ADDRESS_FIELDS)
        self.string(value, "streetAddress", where, required=True, maximum=50)
        self.string(value, "postalCode", where, required=True, maximum=15)
        self.string(value, "city", where, required=True, maximum=30)
        self.string(value, "county", where, required=False, maximum=200)
        self.string(value, "country", where, required=True)
        country = value.get("country")
        if isinstance(country, str) and country.strip() and not COUNTRY.fullmatch(country):
            self.add(f"{where}country must be an ISO 3166-1 alpha-2 code")


def validate_create(body: Any) -> list[str]:
    """The problems with a ``POST /payments`` body; empty when it is acceptable."""
    problems = _Problems()
    if not isinstance(body, dict):
        return ["the request body must be a JSON object"]
    problems.unknown("", body, CREATE_FIELDS)
    problems.string(body, "stamp", required=True, maximum=200)
    problems.string(body, "reference", required=True, maximum=200)
    amount = body.get("amount")
    if amount is None:
        problems.add("amount is required")
    elif not _is_int(amount):
        problems.add("amount must be an integer")
    elif not 0 < amount <= MAX_AMOUNT:
        problems.add(f"amount must be more than 0 and at most {MAX_AMOUNT}")
    if body.get("currency") != "EUR":
        problems.add("currency must be EUR")
    if body.get("language") not in LANGUAGES:
        problems.add("language must be FI, SV or EN")
    problems.string(body, "orderId", required=False, maximum=200)
    problems.string(body, "description", required=False, maximum=1000)

    items = body.get("items")
    total = 0
    if items is not None:
        if not isinstance(items, list) or not items:
            problems.add("items must be a non-empty array")
            items = []
        for index, item in enumerate(items):
            total += _validate_item(problems, item, f"items[{index}].")

    customer = body.get("customer")
    if customer is None:
        problems.add("customer is required")
    elif not isinstance(customer, dict):
        problems.add("customer must be an object")
    else:
        problems.unknown("customer.", customer, CUSTOMER_FIELDS)
        problems.string(customer, "email", "customer.", required=True, maximum=200)
        email = customer.get("email")
        if isinstance(email, str) and email.strip() and not EMAIL.fullmatch(email):
            problems.add("customer.email must be an email address")
        problems.string(customer, "firstName", "customer.", required=False, maximum=50)
        problems.string(customer, "lastName", "customer.", required=False, maximum=50)
        problems.string(customer, "phone", "customer.", required=False, maximum=50)
        problems.string(customer, "vatId", "customer.", required=False, maximum=50)
        problems.string(customer, "companyName", "customer.", required=False, maximum=100)

    problems.address(body.get("deliveryAddress"), "deliveryAddress")
    problems.address(body.get("invoicingAddress"), "invoicingAddress")
    problems.urls(body.get("redirectUrls"), "redirectUrls", required=True, maximum=300)
    problems.urls(body.get("callbackUrls"), "callbackUrls", required=False, maximum=3000)

    delay = body.get("callbackDelay")
    if delay is not None and (not _is_number(delay) or not 0 <= delay <= 900):
        problems.add("callbackDelay must be a number of seconds from 0 to 900")
    groups = body.get("groups")
    if groups is not None and (
        not isinstance(groups, list) or any(group not in GROUPS for group in groups)
    ):
        problems.add("groups must be an array of mobile, bank, creditcard and credit")
    for flag in ("manualInvoiceActivation", "usePricesWithoutVat"):
        if flag in body and not isinstance(body[flag], bool):
            problems.add(f"{flag} must be a boolean")

    if (
        not problems.found
        and items
        and not body.get("usePricesWithoutVat")
        and total != body["amount"]
    ):
        problems.add("amount must equal the sum of the items' unitPrice × units")
    return problems.found


def _validate_item(problems: _Problems, item: Any, where: str) -> int:
    """Check one item; its unitPrice × units (0 when unusable)."""
    if not isinstance(item, dict):
        problems.add(f"{where[:-1]} must be an object")
        return 0
    problems.unknown(where, item, ITEM_FIELDS)
    price = item.get("unitPrice")
    units = item.get("units")
    if price is None:
        problems.add(f"{where}unitPrice is required")
    elif not _is_int(price) or not -MAX_INT32 - 1 <= price <= MAX_INT32:
        problems.add(f"{where}unitPrice must be a 32-bit integer")
    if units is None:
        problems.add(f"{where}units is required")
    elif not _is_int(units) or not 0 <= units <= MAX_AMOUNT:
        problems.add(f"{where}units must be an integer from 0 to {MAX_AMOUNT}")
    vat = item.get("vatPercentage")
    if vat is None:
        problems.add(f"{where}vatPercentage is required")
    elif (
        not _is_number(vat) or not 0 <= vat <= 100 or Decimal(repr(vat)).as_tuple().exponent < -1  # type: ignore[operator]
    ):
        problems.add(f"{where}vatPercentage must be from 0 to 100 with at most one decimal")
    problems.string(item, "productCode", where, required=True, maximum=100)
    problems.string(item, "description", where, required=False, maximum=1000)
    problems.string(item, "category", where, required=False, maximum=100)
    problems.string(item, "stamp", where, required=False, maximum=200)
    problems.string(item, "reference", where, required=False, maximum=200)
    problems.string(item, "deliveryDate", where, required=False, maximum=10)
    if _is_int(price) and _is_int(units):
        return int(price) * int(units)
    return 0


def validate_refund(body: Any) -> list[str]:
    """The problems with a ``POST /payments/{id}/refund`` body; empty when acceptable."""
    problems = _Problems()
    if not isinstance(body, dict):
        return ["the request body must be a JSON object"]
    problems.unknown("", body, REFUND_FIELDS)
    amount = body.get("amount")
    items = body.get("items")
    if amount is None and items is None:
        problems.add("amount is required")
    elif amount is not None and (not _is_int(amount) or not 0 < amount <= MAX_AMOUNT):
        problems.add(f"amount must be an integer more than 0 and at most {MAX_AMOUNT}")
    if items is not None:
        if not isinstance(items, list) or not items:
            problems.add("items must be a non-empty array")
        else:
            for index, item in enumerate(items):
                where = f"items[{index}]."
                if not isinstance(item, dict):
                    problems.add(f"items[{index}] must be an object")
                    continue
                problems.unknown(where, item, REFUND_ITEM_FIELDS)
                item_amount = item.get("amount")
                if not _is_int(item_amount) or not 0 <= item_amount <= MAX_AMOUNT:
                    problems.add(f"{where}amount must be an integer from 0 to {MAX_AMOUNT}")
                problems.string(item, "stamp", where, required=True, maximum=200)
    problems.string(body, "email", required=False, maximum=200)
    problems.string(body, "refundStamp", required=False, maximum=200)
    problems.string(body, "refundReference", required=False, maximum=200)
    problems.urls(body.get("callbackUrls"), "callbackUrls", required=True, maximum=3000)
    return problems.found


def refund_amount(body: Mapping[str, Any]) -> int:
    """The cents a valid refund body asks for."""
    if body.get("amount") is not None:
        return int(body["amount"])
    return sum(int(item["amount"]) for item in body["items"])

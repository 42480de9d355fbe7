"""The payment methods the simulator offers, in Paytrail's groups."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import override


@dataclass(frozen=True)
class SimulatedProvider:
    id: str
    name: str
    group: str
    # Invoice methods need the customer's first and last name, as at Paytrail.
    needs_name: bool = False


PROVIDERS = (
    SimulatedProvider("osuuspankki", "OP", "bank"),
    SimulatedProvider("nordea", "Nordea", "bank"),
    SimulatedProvider("mobilepay", "MobilePay", "mobile"),
    SimulatedProvider("walley", "Walley", "credit", needs_name=True),
    SimulatedProvider("klarna", "Klarna", "credit"),
)
GROUP_ORDER = ("bank", "mobile", "creditcard", "credit")


def language_code(paytrail_language: str) -> str:
    """Django's code for one of Paytrail's languages (FI, SV, EN)."""
    return {"SV": "sv", "EN": "en"}.get(paytrail_language, "fi")


def provider_label(provider: SimulatedProvider) -> str:
    """The method's name as the payment page shows it, in the active language."""
    if provider.id == "walley":
        return _("Walley invoice")
    return provider.name


def group_name(group: str) -> str:
    """A group's localized name, in the active language."""
    names = {
        "bank": _("Online bank payments"),
        "mobile": _("Mobile payment methods"),
        "creditcard": _("Card payments"),
        "credit": _("Invoice and instalment payments"),
    }
    return names[group]


def offered_providers(body: Mapping[str, Any]) -> list[SimulatedProvider]:
    """The methods offered for a payment: those of the requested groups (all when none were
    requested), without invoice methods when the customer's name is missing."""
    groups = body.get("groups") or GROUP_ORDER
    customer = body.get("customer") or {}
    has_name = bool(customer.get("firstName")) and bool(customer.get("lastName"))
    return [
        provider
        for provider in PROVIDERS
        if provider.group in groups and (has_name or not provider.needs_name)
    ]


def create_response(
    *, base_url: str, transaction_id: str, body: Mapping[str, Any]
) -> dict[str, Any]:
    """The body of a 201 answer to ``POST /payments``."""
    providers = offered_providers(body)
    page = f"{base_url}/pay/{transaction_id}"
    with override(language_code(str(body["language"]))):
        terms = _(
            "By continuing with your payment, you agree to the "
            '<a href="%(url)s" target="_blank">payment terms</a>.'
        ) % {"url": f"{base_url}/terms"}
        groups = [
            {
                "id": group,
                "name": group_name(group),
                "icon": f"{base_url}/icons/group-{group}.svg",
                "svg": f"{base_url}/icons/group-{group}.svg",
            }
            for group in GROUP_ORDER
            if any(provider.group == group for provider in providers)
        ]
        provider_forms = [
            {
                "url": page,
                "icon": f"{base_url}/icons/{provider.id}.svg",
                "svg": f"{base_url}/icons/{provider.id}.svg",
                "name": provider_label(provider),
                "group": provider.group,
                "id": provider.id,
                "parameters": [
                    {"name": "provider", "value": provider.id},
                    {"name": "action", "value": "pay"},
                ],
            }
            for provider in providers
        ]
    return {
        "transactionId": transaction_id,
        "href": page,
        "reference": body["reference"],
        "terms": terms,
        "groups": groups,
        "providers": provider_forms,
        "customProviders": {},
    }


def icon_svg(label: str) -> str:
    """A plain badge standing in for a provider's or group's logo."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="140" height="75" viewBox="0 0 140 75">'
        '<rect x="1" y="1" width="138" height="73" rx="8" fill="#fff" stroke="#1b3a5c" '
        'stroke-width="2"/><text x="70" y="44" font-family="sans-serif" font-size="18" '
        f'text-anchor="middle" fill="#1b3a5c">{escape(label)}</text></svg>'
    )

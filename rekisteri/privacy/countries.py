"""Names of the EU/EEA countries, the only ones the register may lie in (seed S13)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

COUNTRY_NAMES: dict[str, str | Promise] = {
    "AT": _("Austria"),
    "BE": _("Belgium"),
    "BG": _("Bulgaria"),
    "HR": _("Croatia"),
    "CY": _("Cyprus"),
    "CZ": _("Czechia"),
    "DK": _("Denmark"),
    "EE": _("Estonia"),
    "FI": _("Finland"),
    "FR": _("France"),
    "DE": _("Germany"),
    "GR": _("Greece"),
    "HU": _("Hungary"),
    "IE": _("Ireland"),
    "IT": _("Italy"),
    "LV": _("Latvia"),
    "LT": _("Lithuania"),
    "LU": _("Luxembourg"),
    "MT": _("Malta"),
    "NL": _("Netherlands"),
    "PL": _("Poland"),
    "PT": _("Portugal"),
    "RO": _("Romania"),
    "SK": _("Slovakia"),
    "SI": _("Slovenia"),
    "ES": _("Spain"),
    "SE": _("Sweden"),
    "IS": _("Iceland"),
    "LI": _("Liechtenstein"),
    "NO": _("Norway"),
}


def country_name(code: str) -> str:
    """The country's name in the active language, with its code (e.g. "Finland (FI)")."""
    name = COUNTRY_NAMES.get(code.upper())
    return f"{name} ({code.upper()})" if name else code.upper()

"""Keeping made-up data and known passwords out of a production register."""

from __future__ import annotations

import os

from django.conf import settings


def is_production() -> bool:
    """True when running with production settings."""
    chosen = os.environ.get("REKISTERI_ENV", "development").strip() == "production"
    return chosen or str(settings.SETTINGS_MODULE).endswith(".production")

"""A system check that the sign-in throttle keeps its promise: at most 100 failed sign-ins
per account per hour (issue 3, point 1)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, register

MOST_FAILURES_PER_HOUR = 100


def failures_per_hour_at_most() -> int:
    """The most failures one account can collect in any hour under the settings: the limit
    once per window that fits in the hour, plus one more window starting at its end."""
    window = max(1, int(settings.REKISTERI_SIGN_IN_WINDOW_MINUTES))
    return int(settings.REKISTERI_SIGN_IN_ACCOUNT_FAILURES) * (60 // window + 1)


@register("security")
def check_sign_in_throttle(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    if (
        settings.REKISTERI_SIGN_IN_WINDOW_MINUTES < 1
        or settings.REKISTERI_SIGN_IN_ACCOUNT_FAILURES < 1
    ):
        errors.append(
            Error(
                "REKISTERI_SIGN_IN_WINDOW_MINUTES and REKISTERI_SIGN_IN_ACCOUNT_FAILURES must be "
                "at least 1",
                id="rekisteri.E020",
            )
        )
    elif failures_per_hour_at_most() > MOST_FAILURES_PER_HOUR:
        errors.append(
            Error(
                f"the sign-in throttle would allow {failures_per_hour_at_most()} failures per "
                f"account per hour; at most {MOST_FAILURES_PER_HOUR} are allowed",
                hint="Lower REKISTERI_SIGN_IN_ACCOUNT_FAILURES or lengthen "
                "REKISTERI_SIGN_IN_WINDOW_MINUTES.",
                id="rekisteri.E021",
            )
        )
    return errors

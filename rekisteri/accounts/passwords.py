"""Password rules beyond Django's own validators.

Long passphrases are welcome (no composition rules, NIST SP 800-63B); the upper bound only
keeps a request from making the server hash megabytes.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext


class MaximumLengthValidator:
    def __init__(self, max_length: int = 256) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: object = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "This password is too long. It must contain at most %(max_length)d character.",
                    "This password is too long. It must contain at most %(max_length)d characters.",
                    self.max_length,
                ),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self) -> str:
        return ngettext(
            "Your password can be at most %(max_length)d character long.",
            "Your password can be at most %(max_length)d characters long.",
            self.max_length,
        ) % {"max_length": self.max_length}

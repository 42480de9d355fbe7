"""Automated decisions (GDPR Art. 13(2)(f), 22), declared by the features that make them.

The register description says "none" while this list is empty."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class AutomatedDecision:
    key: str
    description: str | Promise  # what is decided, the logic, and its consequences


AUTOMATED_DECISIONS: list[AutomatedDecision] = []

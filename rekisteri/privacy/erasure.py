"""Erasure driven by the data map (seed S14, GDPR Art. 17, L13, L20).

For each model that holds rows about the person, the map says what erasure does: the rows
are deleted, unless some field is declared ``Erasure.KEEP`` (accounting data the law obliges
the company to keep): then the row stays and its other personal fields are emptied or
replaced with a value that identifies no one.

Apps may refuse part of an erasure for a legal reason (an unpaid invoice needed for a legal
claim, GDPR Art. 17(3)(e)) by registering a check in ``ERASURE_REFUSALS``; the refused models
and the customer record are then kept and the reason is told to the person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.sessions.models import Session
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rekisteri.customers.models import Customer
from rekisteri.privacy.datamap import DataMapError, Erasure, ModelMap

# What an anonymised text field holds: a fixed marker, the same for everyone.
ANONYMOUS_TEXT = "-"


class ErasureReason(models.TextChoices):
    REQUEST = "request", _("the person asked for erasure")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("the person withdrew the consent it rested on")
    OBJECTION = "objection", _("the person objected to the processing")
    UNLAWFUL = "unlawful", _("the data had been processed unlawfully")
    RETENTION = "retention", _("the retention period ended")


@dataclass(frozen=True)
class Refusal:
    """Part of an erasure that must wait, and why (told to the person)."""

    reason: str | Promise
    keep: frozenset[str]  # labels of the models whose rows are kept as they are


ERASURE_REFUSALS: list[Callable[[Customer], list[Refusal]]] = []


@dataclass
class ErasureReport:
    subject: str
    deleted: dict[str, int] = field(default_factory=dict)  # sub-register → rows deleted
    cleared: dict[str, int] = field(default_factory=dict)  # sub-register → rows kept, cleared
    refusals: list[str] = field(default_factory=list)
    already_erased: bool = False

    @property
    def partial(self) -> bool:
        return bool(self.refusals)

    @property
    def rows(self) -> int:
        return sum(self.deleted.values()) + sum(self.cleared.values())

    def add(self, subregister: str, deleted: int, cleared: int) -> None:
        if deleted:
            self.deleted[subregister] = self.deleted.get(subregister, 0) + deleted
        if cleared:
            self.cleared[subregister] = self.cleared.get(subregister, 0) + cleared


def refusals_for(customer: Customer) -> list[Refusal]:
    return [refusal for check in ERASURE_REFUSALS for refusal in check(customer)]


def erase_rows(model_map: ModelMap, rows: models.QuerySet[Any]) -> tuple[int, int]:
    """Erase ``rows`` of one model as the map says; returns (deleted, cleared)."""
    personal = model_map.fields
    if not any(p.erase == Erasure.KEEP for p in personal.values()):
        _, per_model = rows.delete()
        return per_model.get(model_map.model._meta.label, 0), 0
    changes = {
        name: _replacement(model_map.model, name, p.erase)
        for name, p in personal.items()
        if p.erase != Erasure.KEEP
    }
    if not changes:
        # Nothing in these rows identifies the person once the row they hang on is cleared.
        return 0, rows.count()
    return 0, rows.update(**changes)


def expire_rows(model_map: ModelMap, rows: models.QuerySet[Any]) -> int:
    """Remove rows whose retention period is over. Unlike erasure, nothing is kept: even
    accounting vouchers go once the bookkeeping period has ended."""
    _, per_model = rows.delete()
    return per_model.get(model_map.model._meta.label, 0)


def _replacement(model: type[models.Model], name: str, action: Erasure) -> Any:
    model_field = model._meta.get_field(name)
    is_text = isinstance(model_field, models.CharField | models.TextField)
    if action == Erasure.ANONYMISE and is_text:
        return ANONYMOUS_TEXT
    if getattr(model_field, "null", False):
        return None
    if is_text and getattr(model_field, "blank", False):
        return ""
    raise DataMapError(
        f"{model._meta.label}.{name} is erased from a kept row, so it must allow null or blank"
    )


def end_sessions(user_ids: set[int]) -> int:
    """Sign the accounts out everywhere by deleting their sessions."""
    if not user_ids:
        return 0
    wanted = {str(pk) for pk in user_ids}
    doomed = [
        session.session_key
        for session in Session.objects.iterator(chunk_size=2000)
        if str(session.get_decoded().get("_auth_user_id")) in wanted
    ]
    Session.objects.filter(session_key__in=doomed).delete()
    return len(doomed)

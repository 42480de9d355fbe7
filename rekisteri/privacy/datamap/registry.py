"""The data map: every personal-data field of every model, declared once.

Each app declares its sub-registers and models in a ``datamap.py`` module; the privacy app
imports those modules at start-up. Access control, the register description, the records of
processing, the access package, erasure and retention all read this registry, so nothing about
personal data is written twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import QuerySet
from django.utils.functional import Promise

from rekisteri.access.roles import Role
from rekisteri.privacy.datamap.categories import category as lookup_category
from rekisteri.privacy.datamap.retention import RetentionRule
from rekisteri.privacy.datamap.vocabulary import DataSubject, Erasure, Purpose, Source


@dataclass(frozen=True)
class Subregister:
    """A part of the register (seed S7) with its own purposes and retention."""

    key: str
    title: str | Promise
    description: str | Promise
    subjects: DataSubject
    purposes: tuple[Purpose, ...]
    retention: RetentionRule
    order: int = 100

    @property
    def in_register_description(self) -> bool:
        """The public notice covers the customer register; staff data is in the records of
        processing only."""
        return self.subjects == DataSubject.CUSTOMERS


@dataclass(frozen=True)
class Personal:
    """One field holding personal data."""

    category: str
    source: Source
    erase: Erasure
    read: frozenset[Role] = frozenset()
    write: frozenset[Role] = frozenset()
    required: bool = False
    purposes: tuple[Purpose, ...] = ()  # empty: the sub-register's purposes
    retention: RetentionRule | None = None  # None: the sub-register's rule
    # A secret (a password hash): its existence is shown to the person, never its value.
    secret: bool = False

    def __post_init__(self) -> None:
        lookup_category(self.category)  # fails early on an undeclared category
        if not self.write <= self.read:
            raise ValueError("a role that may write a field must also be allowed to read it")


@dataclass(frozen=True)
class MappedField:
    """A personal field in its context: model, name and sub-register."""

    model: type[models.Model]
    name: str
    personal: Personal
    subregister: Subregister

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.name}"

    @property
    def purposes(self) -> tuple[Purpose, ...]:
        return self.personal.purposes or self.subregister.purposes

    @property
    def retention(self) -> RetentionRule:
        return self.personal.retention or self.subregister.retention

    @property
    def verbose_name(self) -> Any:
        return getattr(self.model._meta.get_field(self.name), "verbose_name", self.name)


@dataclass
class ModelMap:
    model: type[models.Model]
    subregister: Subregister | None
    fields: dict[str, Personal]
    non_personal: frozenset[str]
    # ORM path from this model to its Customer ("" for the Customer itself, None when the
    # model's rows are not about a customer).
    subject_path: str | None
    # ORM path to the moment the retention period of a row starts (None: the rows are not
    # removed on their own, only with their customer).
    retention_from: str | None = None
    # When a row expires, the whole person it belongs to is erased (the customer record
    # itself; an account never confirmed).
    expiry_erases_subject: bool = False
    # Narrows the rows the person is shown in their access package (an authority may forbid
    # telling them of a disclosure for a while); erasure still takes every row.
    shown_to_subject: Callable[[QuerySet[Any]], QuerySet[Any]] | None = None

    def mapped_fields(self) -> Iterator[MappedField]:
        assert self.subregister is not None or not self.fields
        for name, personal in self.fields.items():
            assert self.subregister is not None
            yield MappedField(self.model, name, personal, self.subregister)


class DataMapError(Exception):
    pass


@dataclass
class DataMap:
    _models: dict[str, ModelMap] = field(default_factory=dict)

    def register(
        self,
        model: type[models.Model],
        *,
        subregister: Subregister | None = None,
        fields: dict[str, Personal] | None = None,
        non_personal: Iterable[str] = (),
        subject_path: str | None = None,
        retention_from: str | None = None,
        expiry_erases_subject: bool = False,
        shown_to_subject: Callable[[QuerySet[Any]], QuerySet[Any]] | None = None,
    ) -> None:
        label = model._meta.label
        if label in self._models:
            raise DataMapError(f"{label} is declared twice in the data map")
        fields = dict(fields or {})
        non_personal = frozenset(non_personal)
        if expiry_erases_subject and subject_path is None:
            raise DataMapError(f"{label}: erasing the subject on expiry needs a subject_path")
        if fields and subregister is None:
            raise DataMapError(f"{label}: personal fields need a sub-register")
        both = set(fields) & non_personal
        if both:
            raise DataMapError(f"{label}: {sorted(both)} declared personal and non-personal")
        known = {f.name for f in _data_fields(model)}
        unknown = (set(fields) | non_personal) - known
        if unknown:
            raise DataMapError(f"{label}: {sorted(unknown)} are not fields of the model")
        self._models[label] = ModelMap(
            model,
            subregister,
            fields,
            non_personal,
            subject_path,
            retention_from,
            expiry_erases_subject,
            shown_to_subject,
        )

    def declare_non_personal(self, model: type[models.Model]) -> None:
        """Every field of ``model`` is non-personal (framework tables, catalogue data)."""
        self.register(model, non_personal=[f.name for f in _data_fields(model)])

    # Questions the rest of the system asks.

    def model_maps(self) -> list[ModelMap]:
        return list(self._models.values())

    def model_map(self, model: type[models.Model]) -> ModelMap | None:
        return self._models.get(model._meta.label)

    def mapped_fields(self) -> list[MappedField]:
        return [f for model_map in self._models.values() for f in model_map.mapped_fields()]

    def field(self, model: type[models.Model], name: str) -> MappedField | None:
        model_map = self.model_map(model)
        if model_map is None or name not in model_map.fields:
            return None
        assert model_map.subregister is not None
        return MappedField(model, name, model_map.fields[name], model_map.subregister)

    def categories(self, model: type[models.Model], names: Iterable[str]) -> list[str]:
        """The data categories of the named fields, in their order, each once: what an audit
        event says was read or written. A field missing from the map is a programming error."""
        found: list[str] = []
        for name in names:
            mapped = self.field(model, name)
            if mapped is None:
                raise DataMapError(f"{model._meta.label}.{name} is not in the data map")
            if mapped.personal.category not in found:
                found.append(mapped.personal.category)
        return found

    def subregisters(self) -> list[Subregister]:
        found: dict[str, Subregister] = {}
        for model_map in self._models.values():
            if model_map.subregister is not None and model_map.fields:
                found.setdefault(model_map.subregister.key, model_map.subregister)
        return sorted(found.values(), key=lambda s: (s.order, s.key))

    def fields_of(self, subregister: Subregister) -> list[MappedField]:
        return [f for f in self.mapped_fields() if f.subregister.key == subregister.key]

    def unmapped_fields(
        self, models_to_check: Iterable[type[models.Model]] | None = None
    ) -> list[str]:
        """``app.Model.field`` for every field declared neither personal nor non-personal."""
        if models_to_check is None:
            # Automatic many-to-many tables are covered by the field that owns them.
            models_to_check = apps.get_models()
        missing: list[str] = []
        for model in models_to_check:
            model_map = self._models.get(model._meta.label)
            declared = set(model_map.fields) | model_map.non_personal if model_map else set()
            missing.extend(
                f"{model._meta.label}.{f.name}"
                for f in _data_fields(model)
                if f.name not in declared
            )
        return missing

    @contextmanager
    def extended(self) -> Iterator[DataMap]:
        """A copy to add declarations to for the length of a block (tests use it)."""
        saved = dict(self._models)
        try:
            yield self
        finally:
            self._models = saved


def _data_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """Fields that hold data in the model's own table or its many-to-many tables.

    An automatic primary key is a row number, not data about anyone, so it need not be declared.
    """
    fields: list[models.Field[Any, Any]] = []
    for f in [*model._meta.concrete_fields, *model._meta.local_many_to_many]:
        if f.primary_key and f.auto_created:
            continue
        fields.append(f)
    return fields


datamap = DataMap()

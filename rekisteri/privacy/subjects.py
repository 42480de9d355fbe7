"""Finding everything about one person: the rows of every mapped model that lead, by the
data map's ``subject_path``, to one customer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from rekisteri.customers.models import Customer
from rekisteri.privacy.datamap import ModelMap, datamap


def subject_model_maps() -> list[ModelMap]:
    """The mapped models whose rows belong to a customer: first those that point at the
    customer or the account, then the account, then the customer itself (the order in which
    erasure can remove them)."""
    from django.contrib.auth import get_user_model

    account_model = get_user_model()

    def order(model_map: ModelMap) -> tuple[int, int]:
        if model_map.model is Customer:
            return 2, 0
        if model_map.model is account_model:
            return 1, 0
        # Rows further from the customer first (order lines before their order), so each is
        # still found through its path when erasure reaches it.
        return 0, -str(model_map.subject_path).count("__")

    linked = [m for m in datamap.model_maps() if m.subject_path is not None and m.fields]
    return sorted(linked, key=order)


def subject_rows(model_map: ModelMap, customer: Customer) -> QuerySet[Any]:
    path = model_map.subject_path
    assert path is not None
    if path == "":
        return model_map.model._default_manager.filter(pk=customer.pk)
    return model_map.model._default_manager.filter(**{path: customer})


def subject_querysets(customer: Customer) -> Iterator[tuple[ModelMap, QuerySet[Any]]]:
    for model_map in subject_model_maps():
        yield model_map, subject_rows(model_map, customer)

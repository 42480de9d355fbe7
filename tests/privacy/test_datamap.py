"""The data map covers every field of every model, and its declarations hold together."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps

from rekisteri.access.policy import readable_fields, writable_fields
from rekisteri.access.roles import Role
from rekisteri.customers.models import Customer
from rekisteri.privacy.datamap import (
    DataMapError,
    DataSubject,
    Erasure,
    LegalBasis,
    Personal,
    Source,
    datamap,
)
from rekisteri.privacy.datamap.categories import CATEGORIES


def test_every_field_of_every_installed_model_is_mapped_or_declared_non_personal() -> None:
    installed = apps.get_models()
    assert any(m._meta.app_label == "auth" for m in installed)  # Django's own are walked too
    assert datamap.unmapped_fields() == []


@isolate_apps("tests")
def test_a_new_unmapped_field_is_reported() -> None:
    class Loyalty(models.Model):
        points = models.IntegerField()
        nickname = models.CharField(max_length=20)

        class Meta:
            app_label = "tests"

    with datamap.extended():
        datamap.register(Loyalty, non_personal=["points"])
        assert datamap.unmapped_fields([Loyalty]) == ["tests.Loyalty.nickname"]


@isolate_apps("tests")
def test_declaring_a_field_that_does_not_exist_fails() -> None:
    class Thing(models.Model):
        class Meta:
            app_label = "tests"

    with datamap.extended(), pytest.raises(DataMapError, match="not fields"):
        datamap.register(Thing, non_personal=["nothing"])


def test_every_mapped_category_is_declared_with_a_title() -> None:
    for mapped in datamap.mapped_fields():
        assert mapped.personal.category in CATEGORIES


def test_every_customer_sub_register_has_purposes_with_legal_bases_and_retention() -> None:
    for subregister in datamap.subregisters():
        assert subregister.purposes, subregister.key
        for purpose in subregister.purposes:
            assert purpose.basis in LegalBasis.values
        assert subregister.retention.describe()


def test_the_administrator_can_read_no_customer_field() -> None:
    for mapped in datamap.mapped_fields():
        if mapped.subregister.subjects == DataSubject.CUSTOMERS:
            assert Role.ADMINISTRATOR not in mapped.personal.read, mapped.label


def test_field_access_comes_from_the_map() -> None:
    assert "email" in readable_fields({Role.CUSTOMER_SERVICE}, Customer)
    assert "email" not in readable_fields({Role.WAREHOUSE}, Customer)
    # Marketing reads the contact fields its export needs, never the pseudonymous id that
    # opens the customer search and card.
    assert "public_id" not in readable_fields({Role.MARKETING}, Customer)
    assert "first_name" in writable_fields({Role.CUSTOMER_SERVICE}, Customer)
    assert writable_fields({Role.CREDIT_CONTROL}, Customer) == []


def test_a_role_that_may_write_must_be_able_to_read() -> None:
    with pytest.raises(ValueError, match="read"):
        Personal(
            "user.contact.email",
            source=Source.GIVEN,
            erase=Erasure.DELETE,
            write=frozenset({Role.MARKETING}),
        )


def test_an_undeclared_category_is_refused() -> None:
    with pytest.raises(KeyError):
        Personal("user.favourite.colour", source=Source.GIVEN, erase=Erasure.DELETE)


@isolate_apps("tests")
def test_personal_fields_need_a_subregister() -> None:
    class Note(models.Model):
        text = models.TextField()

        class Meta:
            app_label = "tests"

    with datamap.extended(), pytest.raises(DataMapError, match="sub-register"):
        datamap.register(
            Note,
            fields={
                "text": Personal("user.content.private", source=Source.GIVEN, erase=Erasure.DELETE)
            },
        )

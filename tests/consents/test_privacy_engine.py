"""The privacy app's engines find this app's rows through the data map: the access package
holds them and erasure removes them (the permission texts stay: they are no one's data)."""

from __future__ import annotations

import pytest

from rekisteri.audit.actors import Actor
from rekisteri.consents.models import (
    ConfirmedAddress,
    ConsentRecord,
    PermissionText,
    PrivacySwitchRecord,
)
from rekisteri.privacy.erasure import ErasureReason
from rekisteri.privacy.services import subject_erase, subject_export
from tests.consents.factories import SUBJECT_FACTORIES

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")


@pytest.fixture
def person(make_customer):
    customer = make_customer()
    for make in SUBJECT_FACTORIES.values():
        make(customer)
    return customer


def test_the_access_package_holds_the_permission_records(person) -> None:
    package = subject_export(actor=SYSTEM, customer=person)

    records = {
        record["model"]: {f["name"]: f["value"] for f in record["fields"]}
        for subregister in package["subregisters"]
        if subregister["key"] == "marketing_permissions"
        for record in subregister["records"]
    }
    assert set(records) == set(SUBJECT_FACTORIES)
    assert records["consents.ConsentRecord"]["action"] == "granted"
    assert records["consents.ConsentRecord"]["source"] == "registration"
    assert records["consents.PrivacySwitchRecord"]["switch"] == "marketing_prohibition"
    assert records["consents.ConfirmedAddress"]["email"] == person.email


def test_erasure_removes_the_records_and_keeps_the_texts(person) -> None:
    texts = PermissionText.objects.count()

    subject_erase(actor=SYSTEM, customer=person, reason=ErasureReason.REQUEST)

    assert not ConsentRecord.objects.exists()
    assert not PrivacySwitchRecord.objects.exists()
    assert not ConfirmedAddress.objects.exists()
    assert PermissionText.objects.count() == texts

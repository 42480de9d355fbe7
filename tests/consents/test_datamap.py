"""Marketing permissions in the data map: every field declared, the roles as the task
defines them, a retention rule with a setting and a reason, and a place in the notice."""

from __future__ import annotations

import pytest
from django.utils import translation

from rekisteri.access.policy import readable_fields, writable_fields
from rekisteri.access.roles import Role
from rekisteri.consents.datamap import MARKETING_PERMISSIONS
from rekisteri.consents.models import (
    ConfirmedAddress,
    ConsentRecord,
    PermissionText,
    PrivacySwitchRecord,
)
from rekisteri.privacy.datamap import Erasure, datamap

PERSONAL_MODELS = [ConsentRecord, PrivacySwitchRecord, ConfirmedAddress]


def test_every_field_of_the_apps_models_is_declared() -> None:
    assert datamap.unmapped_fields([*PERSONAL_MODELS, PermissionText]) == []


@pytest.mark.parametrize("model", PERSONAL_MODELS)
def test_the_rows_lead_to_their_customer_and_go_with_them(model) -> None:
    model_map = datamap.model_map(model)
    assert model_map is not None
    assert model_map.subject_path == "customer"
    assert model_map.retention_from == "customer__last_active_at"
    assert all(p.erase == Erasure.DELETE for p in model_map.fields.values())


@pytest.mark.parametrize("model", PERSONAL_MODELS)
def test_marketing_and_the_administrator_read_no_individuals_data(model) -> None:
    assert readable_fields([Role.MARKETING], model) == []
    assert readable_fields([Role.ADMINISTRATOR], model) == []


def test_customer_service_reads_and_only_the_register_manager_writes() -> None:
    assert "action" in readable_fields([Role.CUSTOMER_SERVICE], ConsentRecord)
    assert writable_fields([Role.CUSTOMER_SERVICE], ConsentRecord) == []
    assert "action" in writable_fields([Role.REGISTER_MANAGER], ConsentRecord)
    assert "enabled" in writable_fields([Role.REGISTER_MANAGER], PrivacySwitchRecord)


def test_the_records_are_privacy_preferences() -> None:
    model_map = datamap.model_map(ConsentRecord)
    assert model_map is not None
    assert model_map.fields["text_version"].category == "user.privacy_preferences"


def test_the_retention_period_is_a_setting_with_its_reason() -> None:
    rule = MARKETING_PERMISSIONS.retention
    assert rule.setting == "REKISTERI_RETENTION_CUSTOMER_YEARS"
    with translation.override("en"):
        assert "GDPR Art. 7(1)" in rule.describe()


def test_the_subregister_is_in_the_register_description() -> None:
    assert MARKETING_PERMISSIONS.in_register_description
    assert MARKETING_PERMISSIONS in datamap.subregisters()

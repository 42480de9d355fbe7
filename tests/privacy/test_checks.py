"""The EU/EEA system check (seed S13, L17, L18): both outcomes."""

from __future__ import annotations

from django.core import checks

from rekisteri.privacy.checks import check_locations_inside_eu_eea
from rekisteri.privacy.processors import Processor, processors


def _ids(messages: list[checks.CheckMessage]) -> list[str]:
    return [m.id for m in messages if m.id]


def test_the_default_configuration_passes() -> None:
    assert check_locations_inside_eu_eea() == []
    assert [m for m in checks.run_checks(tags=["privacy"]) if m.is_serious()] == []


def test_a_database_outside_the_eu_eea_fails(settings) -> None:
    settings.REKISTERI_DATABASE_COUNTRY = "US"
    messages = check_locations_inside_eu_eea()
    assert _ids(messages) == ["rekisteri.E001"]
    assert "REKISTERI_DATABASE_COUNTRY=US" in messages[0].msg


def test_backups_outside_the_eu_eea_fail(settings) -> None:
    settings.REKISTERI_BACKUP_COUNTRY = "GB"
    assert _ids(check_locations_inside_eu_eea()) == ["rekisteri.E001"]


def test_a_processor_outside_the_eu_eea_fails() -> None:
    with processors.extended():
        processors.register(
            Processor(
                key="mailer",
                name="Faraway Mail Inc.",
                country="US",
                purpose="email",
                categories=("user.contact.email",),
                contract_reference="DPA-1",
            )
        )
        messages = check_locations_inside_eu_eea()
    assert _ids(messages) == ["rekisteri.E002"]
    assert "mailer" in messages[0].msg


def test_a_processor_inside_the_eu_eea_passes() -> None:
    with processors.extended():
        processors.register(
            Processor(
                key="mailer",
                name="Lähellä Posti Oy",
                country="FI",
                purpose="email",
                categories=("user.contact.email",),
                contract_reference="DPA-2",
            )
        )
        assert check_locations_inside_eu_eea() == []


def test_an_unregistered_processor_cannot_be_used() -> None:
    import pytest

    with pytest.raises(LookupError, match="not in the processor registry"):
        processors.get("nobody")

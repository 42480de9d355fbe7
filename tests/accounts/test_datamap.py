"""The accounts app's short-lived records in the data map: each has one retention rule, set
by a setting, counted from one field, and the retention job removes what has expired."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from rekisteri.accounts.datamap import EMAIL_LINKS, SIGN_IN_FAILURES, UNCONFIRMED_REGISTRATIONS
from rekisteri.accounts.models import (
    EmailConfirmation,
    EmailLinkPurpose,
    PendingRegistration,
    SignInFailure,
)
from rekisteri.audit.actors import Actor
from rekisteri.consents.selectors import email_is_confirmed
from rekisteri.privacy.datamap import datamap
from rekisteri.privacy.notice.document import current_documents
from rekisteri.privacy.services import retention_run
from tests.accounts.conftest import Registered


@pytest.mark.parametrize(
    ("model", "retention_from", "subject_path"),
    [
        (PendingRegistration, "registered_at", "user__customer"),
        (EmailConfirmation, "sent_at", "user__customer"),
        (SignInFailure, "failed_at", None),
    ],
)
def test_each_model_has_one_retention_start_and_its_path_to_the_person(
    model, retention_from: str, subject_path: str | None
) -> None:
    model_map = datamap.model_map(model)

    assert model_map is not None
    assert model_map.retention_from == retention_from
    assert model_map.subject_path == subject_path
    assert datamap.unmapped_fields([model]) == []


@pytest.mark.parametrize(
    ("subregister", "setting", "default_days"),
    [
        (UNCONFIRMED_REGISTRATIONS, "REKISTERI_RETENTION_UNCONFIRMED_REGISTRATION_DAYS", 30),
        (EMAIL_LINKS, "REKISTERI_RETENTION_EMAIL_LINK_DAYS", 30),
        (SIGN_IN_FAILURES, "REKISTERI_RETENTION_SIGN_IN_FAILURE_DAYS", 1),
    ],
)
def test_each_period_is_a_setting_with_a_stated_reason(
    settings, subregister, setting: str, default_days: int
) -> None:
    rule = subregister.retention
    assert rule.period.days == default_days
    assert rule.reason

    setattr(settings, setting, 7)

    assert rule.period.days == 7


def test_the_link_secret_is_never_shown_in_the_access_package() -> None:
    model_map = datamap.model_map(EmailConfirmation)
    assert model_map is not None
    assert model_map.fields["secret_hash"].secret


@pytest.mark.django_db
def test_the_register_description_tells_the_new_retention_rules(organisation) -> None:
    text = str(current_documents()["en"])

    assert "Failed sign-ins" in text
    assert "needed only to slow down password guessing" in text
    assert "an account whose address is never confirmed is not in use" in text


@pytest.mark.django_db
def test_retention_removes_expired_links_and_failures_and_keeps_fresh_ones(
    register: Callable[..., Registered],
) -> None:
    person = register()
    now = timezone.now()
    old = now - datetime.timedelta(days=31)
    EmailConfirmation.objects.create(
        user=person.user,
        purpose=EmailLinkPurpose.EMAIL_CHANGE,
        email="vanha@example.fi",
        secret_hash="0" * 64,
        sent_at=old,
    )
    SignInFailure.objects.create(account_key="a" * 64, address_key="b" * 64, failed_at=old)
    SignInFailure.objects.create(account_key="c" * 64, address_key="d" * 64, failed_at=now)

    report = retention_run(actor=Actor.system("test"), now=now)

    assert list(EmailConfirmation.objects.values_list("email", flat=True)) == [person.email]
    assert list(SignInFailure.objects.values_list("account_key", flat=True)) == ["c" * 64]
    assert report.removed["email_links"] == 1
    assert report.removed["sign_in_failures"] == 1


@pytest.mark.django_db
def test_an_unconfirmed_registration_is_recognised_once_its_period_is_over(
    register: Callable[..., Registered], settings
) -> None:
    fresh, stale = register(), register()
    PendingRegistration.objects.filter(user=stale.user).update(
        registered_at=timezone.now() - datetime.timedelta(days=31)
    )

    cutoff = UNCONFIRMED_REGISTRATIONS.retention.cutoff(timezone.now())
    expired = PendingRegistration.objects.filter(registered_at__lt=cutoff)

    assert [p.user_id for p in expired] == [stale.user.pk]
    assert fresh.user.pk not in [p.user_id for p in expired]


@pytest.mark.django_db
def test_losing_the_pending_record_never_makes_an_address_confirmed(
    register: Callable[..., Registered],
) -> None:
    person = register()

    PendingRegistration.objects.filter(user=person.user).delete()

    assert not email_is_confirmed(person.customer)

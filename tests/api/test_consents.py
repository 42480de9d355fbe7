"""Marketing permissions through the API: read with the console's selector (audited), and
granted or withdrawn through the consents services with the source the client names."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rekisteri.access.roles import Role
from rekisteri.api.policy import CLIENT_ROLES, api_operations
from rekisteri.audit.models import AuditEvent
from rekisteri.consents.models import ConsentRecord, MarketingChannel
from rekisteri.consents.selectors import consent_granted
from tests.api import factories
from tests.api.conftest import Caller, assert_json_error

pytestmark = pytest.mark.django_db

ApiAs = Callable[..., Caller]


def _roles(operation_id: str) -> frozenset[Role]:
    (operation,) = [op for op in api_operations() if op.operation_id == operation_id]
    return operation.roles


def test_reading_permissions_shows_each_channel_and_is_audited(api_as: ApiAs) -> None:
    person = factories.customer()
    text = factories.permission_text()
    from rekisteri.consents.services import consent_grant

    consent_grant(
        actor=factories.SYSTEM,
        customer=person,
        channel=MarketingChannel.EMAIL,
        source="checkout",  # type: ignore[arg-type]
        text_version=text,
    )

    body = api_as(Role.CUSTOMER_SERVICE).get(f"/customers/{person.public_id}/consents").json()

    channels = {row["channel"]: row for row in body["channels"]}
    assert channels["email"]["granted"] is True
    assert channels["email"]["source"] == "checkout"
    assert channels["email"]["text_version"] == text.version
    assert channels["sms"] == {
        "channel": "sms",
        "granted": False,
        "source": None,
        "recorded_at": None,
        "text_language": None,
        "text_version": None,
    }
    assert body["marketing_prohibited"] is False
    event = AuditEvent.objects.get(action="consent.read")
    assert event.actor_kind == "api_client"
    assert event.subject == str(person.public_id)
    assert event.categories == ["user.privacy_preferences"]


@pytest.mark.parametrize("role", sorted(CLIENT_ROLES - _roles("customer_consents")))
def test_roles_that_may_not_read_permissions_get_403(api_as: ApiAs, role: Role) -> None:
    person = factories.customer()
    assert_json_error(api_as(role).get(f"/customers/{person.public_id}/consents"), 403)
    assert not AuditEvent.objects.filter(action="consent.read").exists()


def test_a_grant_goes_through_the_service_with_the_source_named(api_as: ApiAs) -> None:
    person = factories.customer()
    text = factories.permission_text()
    caller = api_as(Role.REGISTER_MANAGER)

    response = caller.post(
        f"/customers/{person.public_id}/consents/email/grant",
        {"source": "checkout", "text_language": "fi", "text_version": text.version},
    )

    assert response.status_code == 200, response.content
    assert response.json() == {"channel": "email", "granted": True, "recorded": True}
    record = ConsentRecord.objects.get(customer=person)
    assert (record.source, record.text_version_id) == ("checkout", text.pk)
    event = AuditEvent.objects.get(action="consent.grant")
    assert event.actor_kind == "api_client"
    assert event.actor_ref == str(caller.client.public_id)  # type: ignore[union-attr]
    assert event.detail["source"] == "checkout"


def test_granting_again_records_nothing(api_as: ApiAs) -> None:
    person = factories.customer()
    text = factories.permission_text()
    caller = api_as(Role.REGISTER_MANAGER)
    body = {"source": "profile", "text_language": "fi", "text_version": text.version}
    path = f"/customers/{person.public_id}/consents/email/grant"

    caller.post(path, body)
    again = caller.post(path, body)

    assert again.json()["recorded"] is False
    assert ConsentRecord.objects.filter(customer=person).count() == 1


def test_a_withdrawal_goes_through_the_service_and_is_audited(api_as: ApiAs) -> None:
    person = factories.customer()

    response = api_as(Role.REGISTER_MANAGER).post(
        f"/customers/{person.public_id}/consents/sms/withdraw", {"source": "unsubscribe_link"}
    )

    assert response.json() == {"channel": "sms", "granted": False, "recorded": True}
    assert not consent_granted(person, MarketingChannel.SMS)
    event = AuditEvent.objects.get(action="consent.withdraw")
    assert event.detail == {"channel": "sms", "source": "unsubscribe_link"}


@pytest.mark.parametrize("role", sorted(CLIENT_ROLES - _roles("consent_grant")))
def test_roles_that_may_not_write_permissions_get_403(api_as: ApiAs, role: Role) -> None:
    person = factories.customer()
    text = factories.permission_text()
    caller = api_as(role)

    granted = caller.post(
        f"/customers/{person.public_id}/consents/email/grant",
        {"source": "checkout", "text_language": "fi", "text_version": text.version},
    )
    withdrawn = caller.post(
        f"/customers/{person.public_id}/consents/email/withdraw", {"source": "profile"}
    )

    assert_json_error(granted, 403)
    assert_json_error(withdrawn, 403)
    assert not ConsentRecord.objects.exists()


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        # A grant cannot come from an unsubscribe link.
        ("email/grant", {"source": "unsubscribe_link", "text_language": "fi"}, 422),
        ("email/grant", {"source": "checkout", "text_language": "fi", "text_version": 99}, 422),
        ("email/grant", {"source": "checkout", "text_language": "xx", "text_version": 1}, 422),
        ("fax/grant", {"source": "checkout", "text_language": "fi", "text_version": 1}, 404),
        ("email/withdraw", {"source": "checkout"}, 422),
        ("email/withdraw", {}, 422),
    ],
)
def test_bad_permission_changes_are_refused_and_nothing_recorded(
    api_as: ApiAs, path: str, body: dict[str, object], status: int
) -> None:
    person = factories.customer()
    factories.permission_text()

    response = api_as(Role.REGISTER_MANAGER).post(
        f"/customers/{person.public_id}/consents/{path}", body
    )

    assert_json_error(response, status)
    assert not ConsentRecord.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="consent.grant").exists()

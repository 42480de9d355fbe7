"""Tokens: only an active client's bearer token opens the API; everything else is a JSON 401,
audited, and a staff member's signed-in browser session counts for nothing."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from rekisteri.access.roles import Role
from rekisteri.api.models import ApiClient
from rekisteri.api.services import api_client_create, api_client_revoke
from rekisteri.api.tokens import token_hash
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from tests.api import factories
from tests.api.conftest import Caller, assert_json_error

pytestmark = pytest.mark.django_db

ApiAs = Callable[..., Caller]


def test_a_call_without_a_token_gets_a_json_401_and_is_audited(anonymous: Caller) -> None:
    person = factories.customer()

    response = anonymous.get(f"/customers/{person.public_id}", language="en")

    body = assert_json_error(response, 401)
    assert body["code"] == "not_authenticated"
    assert "Bearer" in body["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    event = AuditEvent.objects.get(action="security.access_denied")
    assert event.actor_kind == "public"
    assert event.detail["reason"] == "missing_token"
    assert event.subject == ""
    assert not AuditEvent.objects.filter(action="customer.read").exists()


@pytest.mark.parametrize(
    "header",
    [
        "Bearer rk_wrong",
        "Bearer not-even-our-format",
        "Bearer " + "rk_" + "x" * 5000,
        "Basic dXNlcjpwYXNz",
        "Bearer",
        "rk_without_scheme",
    ],
)
def test_a_wrong_token_gets_a_json_401(client, header: str) -> None:
    person = factories.customer()
    caller = Caller(client, "")

    response = caller.get(f"/customers/{person.public_id}", headers={"Authorization": header})

    assert_json_error(response, 401)
    assert AuditEvent.objects.filter(action="security.access_denied").count() == 1


def test_a_revoked_token_stops_working_at_once(api_as: ApiAs) -> None:
    person = factories.customer()
    caller = api_as(Role.CUSTOMER_SERVICE)
    assert caller.get(f"/customers/{person.public_id}").status_code == 200

    assert api_client_revoke(actor=Actor.system("test"), client=caller.client)  # type: ignore[arg-type]

    response = caller.get(f"/customers/{person.public_id}")
    assert_json_error(response, 401)
    event = AuditEvent.objects.filter(action="security.access_denied").get()
    assert event.detail["reason"] == "invalid_token"


def test_a_signed_in_staff_session_without_a_token_gets_401(staff_client) -> None:
    person = factories.customer()
    browser = staff_client(Role.CUSTOMER_SERVICE, Role.REGISTER_MANAGER)

    caller = Caller(browser, "")
    for response in (
        caller.get(f"/customers/{person.public_id}"),
        caller.patch(f"/customers/{person.public_id}", {"city": "Vantaa"}),
    ):
        assert_json_error(response, 401)
    person.refresh_from_db()
    assert person.city == "Espoo"


def test_the_error_message_follows_accept_language(anonymous: Caller) -> None:
    english = anonymous.get("/customers", language="en")
    default = anonymous.get("/customers")

    assert english["Content-Language"] == "en"
    assert english.json()["detail"].startswith("Sign the request")
    assert default["Content-Language"] == "fi"


def test_only_a_hash_of_the_token_is_stored(db) -> None:
    client, token = api_client_create(
        actor=Actor.system("test"), name="verkkokauppa", roles=[Role.CUSTOMER_SERVICE]
    )

    stored = ApiClient.objects.get(pk=client.pk)
    assert stored.token_hash == token_hash(token)
    assert token not in repr(ApiClient.objects.filter(pk=client.pk).values().get())
    event = AuditEvent.objects.get(action="api_client.create")
    assert event.detail == {"client": str(client.public_id), "roles": ["customer_service"]}


def test_using_the_token_marks_the_client_used(api_as: ApiAs) -> None:
    caller = api_as(Role.CUSTOMER_SERVICE)
    caller.get("/customers")
    assert ApiClient.objects.get(pk=caller.client.pk).last_used_at is not None  # type: ignore[union-attr]


@pytest.mark.parametrize("roles", [[Role.ADMINISTRATOR], [], ["superuser"]])
def test_a_client_cannot_hold_the_administrators_role_or_none(db, roles) -> None:
    with pytest.raises(ValidationError):
        api_client_create(actor=Actor.system("test"), name="erp", roles=roles)
    assert not ApiClient.objects.exists()


def test_staff_cannot_create_clients_unless_administrator(make_staff) -> None:
    from django.core.exceptions import PermissionDenied

    manager = make_staff(Role.REGISTER_MANAGER)
    with pytest.raises(PermissionDenied):
        api_client_create(actor=Actor.for_staff(manager), name="erp", roles=[Role.CUSTOMER_SERVICE])
    admin = make_staff(Role.ADMINISTRATOR)
    client, _token = api_client_create(
        actor=Actor.for_staff(admin), name="erp", roles=[Role.CUSTOMER_SERVICE]
    )
    assert client.is_active


def test_the_create_command_prints_the_token_once_and_revoke_ends_it(client) -> None:
    out = StringIO()
    call_command(
        "api_client_create",
        "--name",
        "verkkokauppa",
        "--role",
        "customer_service",
        "--role",
        "credit_control",
        stdout=out,
    )
    token = out.getvalue().strip().splitlines()[-1]
    stored = ApiClient.objects.get(name="verkkokauppa")
    assert stored.roles == ["credit_control", "customer_service"]
    assert stored.token_hash == token_hash(token)
    caller = Caller(client, token)
    assert caller.get("/customers").status_code == 200

    call_command("api_client_revoke", "--name", "verkkokauppa", stdout=StringIO())

    assert_json_error(caller.get("/customers"), 401)
    assert AuditEvent.objects.filter(action="api_client.revoke").count() == 1


def test_the_create_command_refuses_the_administrators_role(db) -> None:
    with pytest.raises(CommandError):
        call_command(
            "api_client_create", "--name", "erp", "--role", "administrator", stdout=StringIO()
        )
    assert not ApiClient.objects.exists()


def test_the_name_of_an_active_client_is_taken(db) -> None:
    api_client_create(actor=Actor.system("test"), name="erp", roles=[Role.WAREHOUSE])
    with pytest.raises(CommandError):
        call_command("api_client_create", "--name", "erp", "--role", "warehouse")


def test_revoking_an_unknown_name_fails(db) -> None:
    with pytest.raises(CommandError):
        call_command("api_client_revoke", "--name", "ei-ole")


def test_an_expired_staff_session_does_not_turn_api_errors_into_redirects(
    staff_client, settings
) -> None:
    from rekisteri.staff.sessions import SEEN, STARTED

    person = factories.customer()
    browser = staff_client(Role.CUSTOMER_SERVICE)
    session = browser.session
    session[STARTED] = session[SEEN] = 1  # long ago
    session.save()

    response = Caller(browser, "").get(f"/customers/{person.public_id}")

    assert_json_error(response, 401)


def test_a_token_works_from_a_browser_with_csrf_checks_and_a_staff_cookie(
    make_staff, api_as: ApiAs
) -> None:
    # The token is the only credential: no CSRF token is asked for, and the session cookie
    # alongside changes nothing either way.
    from django.test import Client

    from tests.fixtures.staff import sign_in_staff

    browser = sign_in_staff(Client(enforce_csrf_checks=True), make_staff(Role.REGISTER_MANAGER))
    token = api_as(Role.CUSTOMER_SERVICE).token
    person = factories.customer()

    with_token = Caller(browser, token).patch(f"/customers/{person.public_id}", {"city": "Turku"})
    cookie_only = Caller(browser, "").patch(f"/customers/{person.public_id}", {"city": "Oulu"})

    assert with_token.status_code == 200
    assert_json_error(cookie_only, 401)
    person.refresh_from_db()
    assert person.city == "Turku"

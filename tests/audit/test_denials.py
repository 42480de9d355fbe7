"""Every refused access is an audit event (who, which page, the method; nothing personal),
and the access decorators declare their policy on the view."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.decorators.http import require_POST

from rekisteri.access.declared import (
    AccessKind,
    AccessPolicy,
    customer_page,
    policy_of,
    public,
    signed_in,
    signed_link,
    signed_request,
)
from rekisteri.access.roles import Role
from rekisteri.accounts.access import customer_required
from rekisteri.accounts.models import User
from rekisteri.audit.actors import Actor
from rekisteri.audit.denials import ACCESS_DENIED, csrf_failure, permission_denied
from rekisteri.audit.models import AuditEvent
from rekisteri.customers.models import Channel, Customer
from rekisteri.customers.services import customer_create
from rekisteri.staff.access import role_required, staff_required
from tests.fixtures.staff import sign_in_staff

pytestmark = pytest.mark.django_db


def _view(request: HttpRequest, *args: object) -> HttpResponse:
    return HttpResponse("ok")


def _denials() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=ACCESS_DENIED))


def test_a_staff_member_without_the_role_is_refused_and_it_is_recorded(
    client: Client, make_staff: Callable[..., User]
) -> None:
    user = make_staff(Role.WAREHOUSE, Role.CATALOGUE)
    sign_in_staff(client, user)

    assert client.get(reverse("staff:organisation")).status_code == 403

    (event,) = _denials()
    assert event.actor_kind == "staff"
    assert event.actor_ref == str(user.public_id)
    assert event.actor_roles == "catalogue,warehouse"
    assert event.subject == ""
    assert event.categories == []
    assert event.purpose == "essential.service.security"
    assert event.detail == {"method": "GET", "view": "staff:organisation"}


def test_a_customer_refused_a_staff_page_is_recorded_by_their_pseudonymous_id(
    client: Client,
) -> None:
    customer = customer_create(
        actor=Actor.system("test"),
        channel=Channel.REGISTRATION,
        first_name="Aino",
        last_name="Pallo",
        email="aino.pallo@example.fi",
    )
    user = User.objects.create_user(customer.email, "pallo-salasana-2026")
    Customer.objects.filter(pk=customer.pk).update(user=user)
    client.force_login(user)

    assert client.post(reverse("staff:audit_verify")).status_code == 403

    (event,) = _denials()
    assert (event.actor_kind, event.actor_ref) == ("customer", str(customer.public_id))
    assert event.detail == {"method": "POST", "view": "staff:audit_verify"}
    assert "example.fi" not in str(event.detail)


def test_a_staff_member_refused_a_my_account_page_is_recorded(
    client: Client, make_staff: Callable[..., User]
) -> None:
    user = make_staff(Role.CUSTOMER_SERVICE)
    sign_in_staff(client, user)

    assert client.get(reverse("accounts:my_account")).status_code == 403

    (event,) = _denials()
    assert event.actor_ref == str(user.public_id)
    assert event.detail["view"] == "accounts:my_account"


def test_the_403_handler_and_the_csrf_failure_page_record_the_refusal() -> None:
    request = RequestFactory().post("/henkilokunta/")
    request.user = AnonymousUser()

    assert permission_denied(request).status_code == 403
    assert csrf_failure(request, "CSRF token missing.").status_code == 403

    events = _denials()
    assert len(events) == 2
    assert {(e.actor_kind, e.actor_ref) for e in events} == {("public", "")}
    # No URL name without a resolved URL; never the path itself.
    assert {e.detail["view"] for e in events} == {""}


# The declarations ---------------------------------------------------------------------------


def test_role_required_declares_the_roles() -> None:
    view = role_required(Role.MARKETING, Role.REGISTER_MANAGER)(_view)
    assert policy_of(view) == AccessPolicy(
        AccessKind.STAFF, frozenset({Role.MARKETING, Role.REGISTER_MANAGER})
    )
    assert policy_of(staff_required(_view)) == AccessPolicy(AccessKind.STAFF)


def test_the_declaration_survives_outer_decorators() -> None:
    view = require_POST(role_required(Role.WAREHOUSE)(_view))
    assert policy_of(view) == AccessPolicy(AccessKind.STAFF, frozenset({Role.WAREHOUSE}))
    assert policy_of(require_POST(customer_required(_view))) == AccessPolicy(AccessKind.CUSTOMER)


def test_login_not_required_is_read_as_public_and_undeclared_views_have_none() -> None:
    def plain(request: HttpRequest) -> HttpResponse:
        return HttpResponse()

    assert policy_of(plain) is None
    assert policy_of(login_not_required(_view)).kind == AccessKind.PUBLIC  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("decorate", "kind"),
    [
        (signed_link, AccessKind.SIGNED_LINK),
        (signed_request, AccessKind.SIGNED_REQUEST),
        (public(reason="the shop's front page"), AccessKind.PUBLIC),
    ],
)
def test_the_decorators_for_pages_without_a_sign_in_are_public_to_the_middleware(
    decorate: Callable[..., object], kind: AccessKind
) -> None:
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse()

    decorated = decorate(view)
    assert policy_of(decorated).kind == kind  # type: ignore[arg-type, union-attr]
    assert decorated.login_required is False  # type: ignore[attr-defined]


def test_signed_in_and_customer_page_declare_without_opening_the_page() -> None:
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse()

    assert policy_of(signed_in(view)) == AccessPolicy(AccessKind.SIGNED_IN)
    assert policy_of(customer_page(view)) == AccessPolicy(AccessKind.CUSTOMER)
    assert getattr(view, "login_required", True) is True

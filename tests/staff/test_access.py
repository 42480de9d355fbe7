"""Who may open staff pages: staff only, and the organisation page for administrators only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from rekisteri.access.groups import role_group
from rekisteri.access.roles import Role
from rekisteri.accounts.models import User
from rekisteri.staff.access import role_required
from tests.fixtures.staff import sign_in_staff

ORGANISATION_URL = reverse("staff:organisation")
HOME_URL = reverse("staff:home")
LOGIN_URL = reverse("staff:login")


@pytest.mark.parametrize("url", [ORGANISATION_URL, HOME_URL])
def test_anonymous_visitor_is_sent_to_sign_in(client: Client, url: str, db) -> None:
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={url}"


def test_staff_member_without_administrator_role_gets_403(
    sign_in: Callable[..., Client],
) -> None:
    client = sign_in(Role.CUSTOMER_SERVICE, Role.REGISTER_MANAGER)

    response = client.get(ORGANISATION_URL, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403
    assert "staff/forbidden.html" in [t.name for t in response.templates]
    assert "Your account does not have the role this page needs." in response.content.decode()


def test_403_page_is_in_the_users_language(
    sign_in: Callable[..., Client],
    finnish: Callable[[dict[str, str]], None],
) -> None:
    finnish({"No access": "Ei käyttöoikeutta"})
    client = sign_in(Role.WAREHOUSE)

    response = client.get(ORGANISATION_URL)

    assert response.status_code == 403
    assert '<html lang="fi">' in response.content.decode()
    assert "<h1>Ei käyttöoikeutta</h1>" in response.content.decode()


def test_administrator_may_open_the_organisation_page(admin_client: Client) -> None:
    assert admin_client.get(ORGANISATION_URL).status_code == 200


def test_administrator_role_without_staff_flag_is_refused(client: Client, db) -> None:
    user = User.objects.create_user("not-staff@example.test", "x" * 16)
    user.groups.add(role_group(Role.ADMINISTRATOR))
    client.force_login(user)

    assert client.get(ORGANISATION_URL).status_code == 403
    assert client.get(HOME_URL).status_code == 403


def test_deactivated_administrator_is_signed_out(
    client: Client,
    make_staff: Callable[..., User],
) -> None:
    user = make_staff(Role.ADMINISTRATOR)
    sign_in_staff(client, user)
    User.objects.filter(pk=user.pk).update(is_active=False)

    response = client.get(ORGANISATION_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_role_taken_away_applies_at_once(
    client: Client,
    make_staff: Callable[..., User],
) -> None:
    user = make_staff(Role.ADMINISTRATOR)
    sign_in_staff(client, user)
    assert client.get(ORGANISATION_URL).status_code == 200

    user.groups.remove(role_group(Role.ADMINISTRATOR))

    assert client.get(ORGANISATION_URL).status_code == 403


def test_role_required_sends_anonymous_to_sign_in_even_on_a_public_view(
    rf: RequestFactory,
) -> None:
    # A view wrongly marked public must still not open to anonymous visitors.
    @login_not_required
    @role_required(Role.ADMINISTRATOR)
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse("secret")

    request = rf.get("/henkilokunta/jotain/")
    request.user = AnonymousUser()

    response = view(request)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/henkilokunta/jotain/"


def test_role_required_lets_any_one_of_the_roles_through(
    rf: RequestFactory,
    make_staff: Callable[..., User],
) -> None:
    @role_required(Role.REGISTER_MANAGER, Role.ADMINISTRATOR)
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    request = rf.get("/")
    request.user = make_staff(Role.ADMINISTRATOR)

    assert view(request).status_code == 200


def test_home_shows_roles_and_links_administrator_to_settings(
    sign_in: Callable[..., Client],
) -> None:
    client = sign_in(Role.ADMINISTRATOR, Role.CATALOGUE)

    page = client.get(HOME_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Administrator, Catalogue" in page
    assert f'href="{ORGANISATION_URL}"' in page


def test_home_has_no_settings_link_for_other_roles(sign_in: Callable[..., Client]) -> None:
    client = sign_in(Role.CUSTOMER_SERVICE)

    response = client.get(HOME_URL, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "Customer service" in response.content.decode()
    assert ORGANISATION_URL not in response.content.decode()


def test_sign_out_is_a_post_form_and_ends_the_session(admin_client: Client) -> None:
    page = admin_client.get(HOME_URL).content.decode()
    assert f'<form method="post" action="{reverse("staff:logout")}"' in page

    response = admin_client.post(reverse("staff:logout"))

    assert response.status_code == 302
    assert admin_client.get(HOME_URL).status_code == 302

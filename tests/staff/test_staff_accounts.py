"""The administrator's staff account pages: invitations, roles, disabling (which ends every
session at once), the last-administrator guard, and who may use the pages at all."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from rekisteri.access.roles import Role, roles_of
from rekisteri.accounts.models import User
from rekisteri.audit.models import AuditEvent
from rekisteri.staff.models import RecoveryCode, StaffInvitation, StaffSession, TotpDevice
from tests.fixtures.staff import enrol_staff, sign_in_staff
from tests.staff.signing_in import HOME, code, code_step, password_step

pytestmark = pytest.mark.django_db

ACCOUNTS = reverse("staff:staff_accounts")
CREATE = reverse("staff:staff_account_create")
NEW_PASSWORD = "a brand new long passphrase 42"


def _url(name: str, user: User) -> str:
    return reverse(f"staff:{name}", args=[user.public_id])


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("sequence"))


@pytest.fixture
def admin(make_staff: Callable[..., User]) -> User:
    return make_staff(Role.ADMINISTRATOR)


@pytest.fixture
def admin_browser(client: Client, admin: User) -> Client:
    return sign_in_staff(client, admin)


def _invite(admin_browser: Client, capture, email: str = "Uusi.Tyontekija@Example.test"):
    with capture(execute=True):
        response = admin_browser.post(
            CREATE, {"email": email, "roles": [Role.WAREHOUSE.value, Role.MARKETING.value]}
        )
    return response


def _link_token(message: mail.EmailMessage) -> str:
    found = re.search(r"/henkilokunta/kutsu/([A-Za-z0-9_\-]+)/", message.body)
    assert found, message.body
    return found.group(1)


# Who may use the pages.


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR])
def test_other_roles_get_403_on_every_staff_account_page(
    client: Client, make_staff: Callable[..., User], admin: User, role: Role
) -> None:
    sign_in_staff(client, make_staff(role))
    assert client.get(ACCOUNTS).status_code == 403
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, {"email": "x@example.test"}).status_code == 403
    assert client.get(_url("staff_account", admin)).status_code == 403
    for name in ("staff_account_roles", "staff_account_disable", "staff_account_enable"):
        assert client.post(_url(name, admin), {"roles": [role.value]}).status_code == 403
    assert admin.__class__.objects.get(pk=admin.pk).is_active
    assert not User.objects.filter(email="x@example.test").exists()


@pytest.mark.parametrize(
    "url_name", ["staff:orders_returns", "staff:feedback_list", "staff:credit_accounts"]
)
def test_an_administrator_without_other_roles_gets_403_on_customer_data(
    admin_browser: Client, url_name: str
) -> None:
    assert admin_browser.get(reverse(url_name)).status_code == 403


def test_the_list_shows_staff_accounts_only(admin_browser: Client, admin: User) -> None:
    User.objects.create_user("asiakas@example.test", "x" * 16)

    with translation.override("en"):
        page = admin_browser.get(ACCOUNTS, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert admin.email in page
    assert "asiakas@example.test" not in page
    assert "Administrator" in page


def test_the_front_page_links_the_administrator_to_staff_accounts(admin_browser: Client) -> None:
    assert ACCOUNTS in admin_browser.get(HOME).content.decode()


def test_an_unknown_account_is_404(admin_browser: Client) -> None:
    assert admin_browser.get("/henkilokunta/kayttajat/12345/").status_code == 404
    missing = "/henkilokunta/kayttajat/00000000-0000-0000-0000-000000000000/"
    assert admin_browser.get(missing).status_code == 404
    assert admin_browser.post(missing + "poista-kaytosta/").status_code == 404


def test_a_customer_account_is_not_a_staff_account_here(admin_browser: Client) -> None:
    customer = User.objects.create_user("asiakas@example.test", "x" * 16)
    assert admin_browser.get(_url("staff_account", customer)).status_code == 404
    assert admin_browser.post(_url("staff_account_disable", customer)).status_code == 404
    customer.refresh_from_db()
    assert customer.is_active


# Creating an account by invitation.


def test_a_new_account_gets_an_invitation_link_by_email(
    admin_browser: Client, django_capture_on_commit_callbacks
) -> None:
    response = _invite(admin_browser, django_capture_on_commit_callbacks)

    assert response.status_code == 303
    user = User.objects.get(email="uusi.tyontekija@example.test")
    assert response["Location"] == _url("staff_account", user)
    assert user.is_staff and user.is_active and not user.has_usable_password()
    assert roles_of(user) == {Role.WAREHOUSE, Role.MARKETING}
    [message] = mail.outbox
    assert message.to == ["uusi.tyontekija@example.test"]
    token = _link_token(message)
    invitation = StaffInvitation.objects.get(user=user)
    assert token not in invitation.token_hash
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(hours=72)
    for event in _events("staff.create") + _events("staff.invitation_send"):
        assert event.subject == str(user.public_id)
        assert "example.test" not in repr(event.__dict__)
    assert _events("staff.create")[0].detail == {"roles": ["marketing", "warehouse"]}


def test_an_address_in_use_is_400_and_nothing_is_sent(
    admin_browser: Client, admin: User, django_capture_on_commit_callbacks
) -> None:
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        response = admin_browser.post(
            CREATE, {"email": admin.email.upper(), "roles": []}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 400
    assert "An account with this email address exists already." in response.content.decode()
    assert mail.outbox == []
    assert not StaffInvitation.objects.exists()


@pytest.mark.parametrize(
    "data", [{"email": "not an address"}, {"email": "a@example.test", "roles": ["pope"]}, {}]
)
def test_bad_input_is_400_and_creates_nothing(admin_browser: Client, data: dict) -> None:
    before = User.objects.count()
    assert admin_browser.post(CREATE, data).status_code == 400
    assert User.objects.count() == before


def test_the_invited_person_sets_a_password_and_signs_in_with_both_steps(
    admin_browser: Client, django_capture_on_commit_callbacks
) -> None:
    _invite(admin_browser, django_capture_on_commit_callbacks)
    token = _link_token(mail.outbox[0])
    newcomer = Client()
    link = reverse("staff:invitation", args=[token])

    assert newcomer.get(link).status_code == 200
    response = newcomer.post(link, {"password": NEW_PASSWORD})

    assert response.status_code == 303
    assert response["Location"] == reverse("staff:login")
    user = User.objects.get(email="uusi.tyontekija@example.test")
    assert user.check_password(NEW_PASSWORD)
    assert password_step(newcomer, user, NEW_PASSWORD).status_code == 302
    assert newcomer.get(HOME)["Location"].startswith(reverse("staff:second_factor"))
    assert len(_events("staff.invitation_accept")) == 1


def test_a_used_invitation_link_is_410(
    admin_browser: Client, django_capture_on_commit_callbacks
) -> None:
    _invite(admin_browser, django_capture_on_commit_callbacks)
    link = reverse("staff:invitation", args=[_link_token(mail.outbox[0])])
    Client(headers={"accept-language": "en"}).post(link, {"password": NEW_PASSWORD})

    with translation.override("en"):
        response = Client(headers={"accept-language": "en"}).post(
            link, {"password": "another long passphrase 99"}
        )

    assert response.status_code == 410
    assert "This link has been used already" in response.content.decode()
    user = User.objects.get(email="uusi.tyontekija@example.test")
    assert user.check_password(NEW_PASSWORD)


def test_an_expired_invitation_link_is_410(
    admin_browser: Client, django_capture_on_commit_callbacks
) -> None:
    _invite(admin_browser, django_capture_on_commit_callbacks)
    link = reverse("staff:invitation", args=[_link_token(mail.outbox[0])])
    StaffInvitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    with translation.override("en"):
        response = Client(headers={"accept-language": "en"}).get(link)
        posted = Client(headers={"accept-language": "en"}).post(link, {"password": NEW_PASSWORD})

    assert response.status_code == 410
    assert "This link has expired." in response.content.decode()
    assert posted.status_code == 410
    user = User.objects.get(email="uusi.tyontekija@example.test")
    assert not user.has_usable_password()
    refusals = _events("staff.invitation_refused")
    assert [event.detail for event in refusals] == [{"reason": "expired"}] * 2
    assert {event.subject for event in refusals} == {str(user.public_id)}


@pytest.mark.parametrize("token", ["x", "A" * 43, "a-b_c" * 20])
def test_a_tampered_invitation_link_is_404(client: Client, db, token: str) -> None:
    with translation.override("en"):
        response = client.get(
            reverse("staff:invitation", args=[token]), headers={"accept-language": "en"}
        )
    assert response.status_code == 404
    assert "This link is not valid." in response.content.decode()
    [event] = _events("staff.invitation_refused")
    assert event.detail == {"reason": "unknown"}
    assert event.subject == ""


def test_a_weak_password_is_400_and_the_link_still_works(
    admin_browser: Client, django_capture_on_commit_callbacks
) -> None:
    _invite(admin_browser, django_capture_on_commit_callbacks)
    link = reverse("staff:invitation", args=[_link_token(mail.outbox[0])])
    newcomer = Client()

    assert newcomer.post(link, {"password": "short"}).status_code == 400
    assert newcomer.post(link, {"password": NEW_PASSWORD}).status_code == 303


def test_a_new_invitation_makes_the_earlier_link_stop_working(
    admin_browser: Client, django_capture_on_commit_callbacks
) -> None:
    _invite(admin_browser, django_capture_on_commit_callbacks)
    user = User.objects.get(email="uusi.tyontekija@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_browser.post(_url("staff_account_invite", user)).status_code == 303
    old, new = (_link_token(message) for message in mail.outbox)

    assert (
        Client(headers={"accept-language": "en"})
        .get(reverse("staff:invitation", args=[old]))
        .status_code
        == 410
    )
    assert (
        Client(headers={"accept-language": "en"})
        .get(reverse("staff:invitation", args=[new]))
        .status_code
        == 200
    )


def test_no_new_invitation_once_the_password_is_set(
    admin_browser: Client, make_staff: Callable[..., User]
) -> None:
    user = make_staff(Role.WAREHOUSE)
    assert admin_browser.post(_url("staff_account_invite", user)).status_code == 400


# Roles.


def test_a_role_change_applies_on_the_person_s_next_request(
    admin_browser: Client, make_staff: Callable[..., User]
) -> None:
    person = make_staff(Role.WAREHOUSE)
    their = sign_in_staff(Client(), person)
    assert their.get(reverse("staff:orders_pick_list")).status_code == 200
    assert their.get(reverse("staff:feedback_list")).status_code == 403

    response = admin_browser.post(
        _url("staff_account_roles", person), {"roles": [Role.CUSTOMER_SERVICE.value]}
    )

    assert response.status_code == 303
    assert their.get(reverse("staff:orders_pick_list")).status_code == 403
    assert their.get(reverse("staff:feedback_list")).status_code == 200
    [event] = _events("staff.roles_set")
    assert event.detail == {"roles": ["customer_service"]}
    assert event.subject == str(person.public_id)


def test_an_unknown_role_is_400_and_changes_nothing(
    admin_browser: Client, make_staff: Callable[..., User]
) -> None:
    person = make_staff(Role.WAREHOUSE)
    response = admin_browser.post(_url("staff_account_roles", person), {"roles": ["root"]})
    assert response.status_code == 400
    assert roles_of(person) == {Role.WAREHOUSE}


def test_the_last_administrator_keeps_their_administrator_role(
    admin_browser: Client, admin: User
) -> None:
    with translation.override("en"):
        response = admin_browser.post(
            _url("staff_account_roles", admin),
            {"roles": [Role.MARKETING.value]},
            HTTP_ACCEPT_LANGUAGE="en",
        )

    assert response.status_code == 400
    assert "The last active administrator keeps the administrator role." in (
        response.content.decode()
    )
    assert roles_of(admin) == {Role.ADMINISTRATOR}


def test_with_another_active_administrator_one_may_give_up_the_role(
    admin_browser: Client, admin: User, make_staff: Callable[..., User]
) -> None:
    make_staff(Role.ADMINISTRATOR)
    response = admin_browser.post(
        _url("staff_account_roles", admin), {"roles": [Role.MARKETING.value]}
    )
    assert response.status_code == 303
    assert roles_of(admin) == {Role.MARKETING}
    # The change applies to the next request: the pages are closed now.
    assert admin_browser.get(ACCOUNTS).status_code == 403


def test_a_disabled_administrator_does_not_count_as_another(
    admin_browser: Client, admin: User, make_staff: Callable[..., User]
) -> None:
    other = make_staff(Role.ADMINISTRATOR)
    User.objects.filter(pk=other.pk).update(is_active=False)
    response = admin_browser.post(_url("staff_account_roles", admin), {"roles": []})
    assert response.status_code == 400
    assert roles_of(admin) == {Role.ADMINISTRATOR}


# Disabling and enabling.


def test_disabling_ends_all_the_person_s_sessions_at_once(
    admin_browser: Client, make_staff: Callable[..., User]
) -> None:
    person = make_staff(Role.WAREHOUSE)
    laptop = sign_in_staff(Client(), person)
    phone = sign_in_staff(Client(), person)
    bystander = sign_in_staff(Client(), make_staff(Role.WAREHOUSE))
    keys = set(StaffSession.objects.filter(user=person).values_list("session_key", flat=True))
    assert len(keys) == 2

    response = admin_browser.post(_url("staff_account_disable", person))

    assert response.status_code == 303
    person.refresh_from_db()
    assert not person.is_active
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert not StaffSession.objects.filter(user=person).exists()
    for browser in (laptop, phone):
        answer = browser.get(HOME)
        assert answer.status_code == 302
        assert answer["Location"].startswith(reverse("staff:login"))
    assert bystander.get(HOME).status_code == 200
    [event] = _events("staff.disable")
    assert event.detail == {"sessions_ended": 2}
    assert event.subject == str(person.public_id)


def test_a_disabled_person_cannot_sign_in(
    admin_browser: Client, make_staff: Callable[..., User]
) -> None:
    person = make_staff(Role.WAREHOUSE)
    admin_browser.post(_url("staff_account_disable", person))
    browser = Client()
    assert password_step(browser, person).status_code == 400
    assert "_auth_user_id" not in browser.session


def test_an_enabled_account_signs_in_again(
    admin_browser: Client, make_staff: Callable[..., User]
) -> None:
    person = make_staff(Role.WAREHOUSE)
    enrol_staff(person)
    admin_browser.post(_url("staff_account_disable", person))

    assert admin_browser.post(_url("staff_account_enable", person)).status_code == 303

    browser = Client()
    assert password_step(browser, person).status_code == 302
    assert code_step(browser, code()).status_code == 303
    assert browser.get(HOME).status_code == 200
    assert len(_events("staff.enable")) == 1


def test_an_administrator_cannot_disable_themselves(
    admin_browser: Client, admin: User, make_staff: Callable[..., User]
) -> None:
    make_staff(Role.ADMINISTRATOR)
    with translation.override("en"):
        response = admin_browser.post(
            _url("staff_account_disable", admin), HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 400
    assert "You cannot disable your own account." in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active
    assert admin_browser.get(HOME).status_code == 200


def test_one_administrator_may_disable_another(
    admin_browser: Client, make_staff: Callable[..., User]
) -> None:
    other = make_staff(Role.ADMINISTRATOR)
    assert admin_browser.post(_url("staff_account_disable", other)).status_code == 303
    other.refresh_from_db()
    assert not other.is_active


def test_resetting_the_second_factor_removes_it_and_ends_the_sessions(
    admin_browser: Client, make_staff: Callable[..., User]
) -> None:
    person = make_staff(Role.WAREHOUSE)
    their = sign_in_staff(Client(), person)

    assert admin_browser.post(_url("staff_account_second_factor_reset", person)).status_code == 303

    assert not TotpDevice.objects.filter(user=person).exists()
    assert not RecoveryCode.objects.filter(user=person).exists()
    assert their.get(HOME).status_code == 302
    browser = Client()
    password_step(browser, person)
    assert browser.get(reverse("staff:second_factor"))["Location"] == reverse(
        "staff:second_factor_enrol"
    )

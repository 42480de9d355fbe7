"""Staff sessions end after 30 idle minutes and 12 hours after sign-in; customers' do not."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from rekisteri.access.roles import Role
from rekisteri.staff.sessions import SEEN, STARTED
from tests.fixtures.staff import sign_in_staff

pytestmark = pytest.mark.django_db
HOME = reverse("staff:home")


def _shift(client, **seconds_ago: int) -> None:
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"started": STARTED, "seen": SEEN}[key]] = now - ago
    session.save()


def test_an_active_staff_session_goes_on(client, make_staff) -> None:
    sign_in_staff(client, make_staff(Role.WAREHOUSE))
    _shift(client, seen=29 * 60, started=11 * 3600)
    assert client.get(HOME).status_code == 200
    # The request counts as activity.
    assert int(time.time()) - client.session[SEEN] < 5


def test_thirty_idle_minutes_end_the_session(client, make_staff) -> None:
    sign_in_staff(client, make_staff(Role.WAREHOUSE))
    _shift(client, seen=31 * 60)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:login"))
    assert "_auth_user_id" not in client.session
    assert client.get(HOME).status_code == 302


def test_twelve_hours_after_sign_in_the_session_ends_however_active(client, make_staff) -> None:
    sign_in_staff(client, make_staff(Role.CUSTOMER_SERVICE))
    _shift(client, seen=10, started=12 * 3600 + 60)
    response = client.get(HOME)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_staff_session_without_its_times_is_ended(client, make_staff) -> None:
    sign_in_staff(client, make_staff(Role.CUSTOMER_SERVICE))
    session = client.session
    del session[STARTED]
    session.save()
    assert client.get(HOME).status_code == 302


def test_customer_sessions_are_not_timed_here(client, django_user_model) -> None:
    user = django_user_model.objects.create_user("asiakas@example.fi", "salasana-12345")
    client.force_login(user)
    assert STARTED not in client.session
    assert client.get(reverse("accounts:my_account")).status_code in {200, 403}
    assert "_auth_user_id" in client.session

"""The staff's contest pages: who may open them, what each role sees, creating and drawing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rekisteri.access.roles import Role
from rekisteri.audit.models import AuditEvent
from rekisteri.contests.models import Contest, ContestWinner
from tests.contests.factories import end, enter, open_contest

pytestmark = pytest.mark.django_db

CREATE = reverse("staff:contest_create")
SignIn = Callable[..., Client]


def form_data(**overrides: str) -> dict[str, str]:
    data = {
        "title": "Syyskisa",
        "starts_at": "2030-09-01T09:00",
        "ends_at": "2030-09-30T21:00",
        "question": "Mikä on lempivärisi?",
        "rules": "Yksi osallistuminen sähköpostiosoitetta kohden.",
    }
    data.update(overrides)
    return data


def entries_url(contest: Contest) -> str:
    return reverse("staff:contest_entries", args=[contest.pk])


@pytest.mark.parametrize("role", [Role.MARKETING, Role.REGISTER_MANAGER])
def test_contest_runners_create_a_contest_from_the_page(sign_in: SignIn, role: Role) -> None:
    client = sign_in(role)

    response = client.post(CREATE, form_data(consent_based="on"))

    assert response.status_code == 303
    contest = Contest.objects.get()
    assert response["Location"] == entries_url(contest)
    assert contest.consent_based
    assert timezone.localtime(contest.starts_at).hour == 9  # Finnish time, as typed
    assert AuditEvent.objects.filter(action="contest.create").count() == 1


@pytest.mark.parametrize("role", [Role.CUSTOMER_SERVICE, Role.ADMINISTRATOR])
def test_other_roles_get_403_on_the_create_page(sign_in: SignIn, role: Role) -> None:
    client = sign_in(role)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, form_data()).status_code == 403
    assert not Contest.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("staff:contests"))
    assert response.status_code == 302
    assert reverse("staff:login") in response["Location"]


def test_a_period_ending_before_it_starts_is_refused_with_a_message(sign_in: SignIn) -> None:
    client = sign_in(Role.MARKETING)

    response = client.post(CREATE, form_data(ends_at="2030-08-01T09:00"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "The contest must end after it starts." in response.content.decode()
    assert not Contest.objects.exists()


def test_editing_saves_and_audits(sign_in: SignIn) -> None:
    contest = open_contest()
    client = sign_in(Role.MARKETING)
    url = reverse("staff:contest_edit", args=[contest.pk])
    assert 'value="Kevään pallokisa"' in client.get(url).content.decode()

    response = client.post(url, form_data(title="Uusi otsikko"))

    assert response.status_code == 303
    contest.refresh_from_db()
    assert contest.title == "Uusi otsikko"
    assert AuditEvent.objects.filter(action="contest.update").count() == 1


def test_customer_service_sees_the_entrants_and_the_reading_is_audited(sign_in: SignIn) -> None:
    contest = open_contest()
    entry = enter(contest, "liisa@example.fi", answer="Sininen")
    client = sign_in(Role.CUSTOMER_SERVICE)

    page = client.get(entries_url(contest)).content.decode()

    assert "liisa@example.fi" in page
    assert "Liisa Lentäjä" in page
    assert "Sininen" in page
    event = AuditEvent.objects.get(action="contest.entries.read")
    assert event.subject == str(entry.customer.public_id)
    assert {"user.name", "user.contact.email", "user.content.private"} <= set(event.categories)


def test_marketing_sees_the_figures_but_not_the_entrants(sign_in: SignIn) -> None:
    contest = open_contest()
    enter(contest, "liisa@example.fi", answer="Sininen")
    client = sign_in(Role.MARKETING)

    page = client.get(entries_url(contest), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "1 entry" in page
    assert "liisa@example.fi" not in page
    assert "Lentäjä" not in page
    assert "Sininen" not in page
    assert not AuditEvent.objects.filter(action="contest.entries.read").exists()


def test_marketing_draws_a_winner_from_the_page(sign_in: SignIn) -> None:
    contest = open_contest()
    enter(contest, "a@example.fi")
    enter(contest, "b@example.fi")
    end(contest)
    client = sign_in(Role.MARKETING)

    response = client.post(reverse("staff:contest_draw", args=[contest.pk]), {"count": "1"})

    assert response.status_code == 303
    assert ContestWinner.objects.filter(contest=contest).count() == 1
    assert AuditEvent.objects.filter(action="contest.draw").count() == 1


def test_drawing_before_the_end_shows_the_reason(sign_in: SignIn) -> None:
    contest = open_contest()
    enter(contest, "a@example.fi")
    client = sign_in(Role.MARKETING)

    response = client.post(
        reverse("staff:contest_draw", args=[contest.pk]), {"count": "1"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert "after the contest has ended" in response.content.decode()
    assert not ContestWinner.objects.exists()


def test_customer_service_may_not_draw(sign_in: SignIn) -> None:
    contest = open_contest()
    enter(contest, "a@example.fi")
    end(contest)
    client = sign_in(Role.CUSTOMER_SERVICE)

    response = client.post(reverse("staff:contest_draw", args=[contest.pk]), {"count": "1"})

    assert response.status_code == 403
    assert not ContestWinner.objects.exists()


def test_the_back_office_links_to_contests_for_marketing(sign_in: SignIn) -> None:
    page = sign_in(Role.MARKETING).get(reverse("staff:home")).content.decode()
    assert reverse("staff:contests") in page
    assert reverse("staff:feedback_list") not in page


def test_the_staff_list_shows_counts(sign_in: SignIn) -> None:
    contest = open_contest(title="Laskettava")
    enter(contest, "a@example.fi")
    enter(contest, "b@example.fi")
    page = sign_in(Role.MARKETING).get(reverse("staff:contests")).content.decode()
    assert "Laskettava" in page
    assert "<td>2</td>" in page

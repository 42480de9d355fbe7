"""The register manager's audit review: search by person, staff member, action and time
window; paging; CSV export; the chain check from the page; and who may use any of it."""

from __future__ import annotations

import csv
import datetime
import io
import uuid
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rekisteri.access.roles import Role
from rekisteri.accounts.models import User
from rekisteri.audit import services
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.audit.selectors import EVENTS_PER_PAGE
from rekisteri.audit.services import audit_record
from rekisteri.customers.models import Channel
from rekisteri.customers.services import customer_create
from tests.audit.tampering import append_only_lifted
from tests.fixtures.staff import sign_in_staff

pytestmark = pytest.mark.django_db

REVIEW = reverse("staff:audit_review")
EXPORT = reverse("staff:audit_export")
VERIFY = reverse("staff:audit_verify")
HELSINKI = datetime.timezone(datetime.timedelta(hours=2))
OTHER_ROLES = [role for role in Role if role != Role.REGISTER_MANAGER]


@pytest.fixture
def manager(make_staff: Callable[..., User]) -> User:
    return make_staff(Role.REGISTER_MANAGER)


@pytest.fixture
def manager_client(client: Client, manager: User) -> Client:
    return sign_in_staff(client, manager)


def _read(actor: Actor, subject: str, action: str = "customers.card.read") -> AuditEvent:
    return audit_record(
        actor=actor,
        action=action,
        subject=subject,
        categories=["user.contact.email"],
        purpose="essential.service",
    )


def _at(monkeypatch: pytest.MonkeyPatch, moment: datetime.datetime) -> None:
    monkeypatch.setattr(services.timezone, "now", lambda: moment)


def _subjects(response) -> list[str]:
    return [row.subject for row in response.context["result"].rows]


def _last(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-sequence").first()


# Who may use it ----------------------------------------------------------------------------


def test_the_register_manager_opens_the_page_and_finds_it_on_the_front_page(
    manager_client: Client,
) -> None:
    assert manager_client.get(REVIEW).status_code == 200
    assert REVIEW in manager_client.get(reverse("staff:home")).content.decode()


@pytest.mark.parametrize("role", OTHER_ROLES, ids=str)
def test_every_other_role_is_refused_and_the_refusal_is_audited(
    client: Client, make_staff: Callable[..., User], role: Role
) -> None:
    user = make_staff(role)
    sign_in_staff(client, user)

    assert client.get(REVIEW).status_code == 403
    assert client.get(EXPORT).status_code == 403
    assert client.post(VERIFY).status_code == 403

    denials = AuditEvent.objects.filter(action="security.access_denied", actor_ref=user.public_id)
    assert sorted(e.detail["view"] for e in denials) == [
        "staff:audit_export",
        "staff:audit_review",
        "staff:audit_verify",
    ]
    assert not AuditEvent.objects.filter(action__startswith="audit.").exists()


def test_a_customer_is_refused(client: Client) -> None:
    client.force_login(User.objects.create_user("asiakas@example.test", "x" * 16))
    assert client.get(REVIEW).status_code == 403


def test_a_visitor_is_sent_to_the_staff_sign_in(client: Client) -> None:
    response = client.get(REVIEW)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:login"))


# Searching ---------------------------------------------------------------------------------


def test_search_by_subject_shows_only_that_persons_entries_and_is_audited(
    manager_client: Client, manager: User
) -> None:
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    reader = Actor.system("job")
    _read(reader, first)
    _read(reader, second)
    _read(reader, first, action="customers.search")

    response = manager_client.get(REVIEW, {"subject": first})

    assert response.status_code == 200
    assert _subjects(response) == [first, first]
    search = _last("audit.search.read")
    assert search.actor_ref == str(manager.public_id)
    assert search.subject == first
    assert search.detail["rows"] == 2
    assert search.categories == ["user.unique_id.pseudonymous"]


def test_an_email_address_is_turned_into_the_id_and_goes_nowhere_else(
    manager_client: Client,
) -> None:
    customer = customer_create(
        actor=Actor.system("test"),
        channel=Channel.REGISTRATION,
        first_name="Aino",
        last_name="Ilmapallo",
        email="Aino.Ilmapallo@example.fi",
    )
    subject = str(customer.public_id)
    _read(Actor.system("job"), subject)
    expected = AuditEvent.objects.filter(subject=subject).count()

    response = manager_client.post(REVIEW, {"subject": "aino.ilmapallo@example.fi"})

    assert response.status_code == 303
    assert "example.fi" not in response["Location"]
    assert f"subject={subject}" in response["Location"]
    results = manager_client.get(response["Location"])
    assert _subjects(results) == [subject] * expected
    for event in AuditEvent.objects.all():
        assert "example.fi" not in str(event.detail) + event.subject + event.actor_ref


def test_an_unknown_email_address_is_a_400(manager_client: Client) -> None:
    response = manager_client.post(
        REVIEW, {"subject": "nobody@example.fi"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "No customer has this email address." in response.content.decode()


def test_every_customer_account_a_staff_member_looked_at_in_a_window(
    manager_client: Client,
    make_staff: Callable[..., User],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    looker, other = make_staff(Role.CUSTOMER_SERVICE), make_staff(Role.CUSTOMER_SERVICE)
    early, inside, late = (str(uuid.uuid4()) for _ in range(3))
    day = datetime.datetime(2026, 3, 2, tzinfo=HELSINKI)
    _at(monkeypatch, day.replace(hour=9))
    _read(Actor.for_staff(looker), early)
    _at(monkeypatch, day.replace(hour=11))
    _read(Actor.for_staff(looker), inside)
    _read(Actor.for_staff(other), str(uuid.uuid4()))
    _at(monkeypatch, day.replace(hour=13))
    _read(Actor.for_staff(looker), late)
    monkeypatch.undo()

    by_id = manager_client.get(
        REVIEW,
        {"staff": str(looker.public_id), "since": "2026-03-02T10:00", "until": "2026-03-02T12:00"},
    )
    by_account = manager_client.get(
        REVIEW,
        {
            "staff_account": str(looker.public_id),
            "since": "2026-03-02T10:00",
            "until": "2026-03-02T12:00",
        },
    )

    assert _subjects(by_id) == [inside]
    assert _subjects(by_account) == [inside]
    # The staff member's email address is shown beside their id, and offered in the list.
    assert looker.email in by_id.content.decode()
    search = _last("audit.search.read")
    assert search.detail["actor"] == str(looker.public_id)
    assert search.detail["since"] == "20260302T080000Z"
    assert search.detail["until"] == "20260302T100000Z"


def test_the_window_starts_inclusive_and_ends_exclusive(
    manager_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    at_start, at_end = str(uuid.uuid4()), str(uuid.uuid4())
    _at(monkeypatch, datetime.datetime(2026, 3, 2, 10, 0, tzinfo=HELSINKI))
    _read(Actor.system("job"), at_start)
    _at(monkeypatch, datetime.datetime(2026, 3, 2, 12, 0, tzinfo=HELSINKI))
    _read(Actor.system("job"), at_end)
    monkeypatch.undo()

    response = manager_client.get(
        REVIEW, {"since": "2026-03-02T10:00", "until": "2026-03-02T12:00"}
    )

    assert _subjects(response) == [at_start]


def test_search_by_action_exactly_or_by_its_start_end_or_middle(manager_client: Client) -> None:
    subject = str(uuid.uuid4())
    _read(Actor.system("job"), subject, action="customers.card.read")
    _read(Actor.system("job"), subject, action="customers.search")
    _read(Actor.system("job"), subject, action="orders.read")

    def found(action: str) -> list[str]:
        response = manager_client.get(REVIEW, {"subject": subject, "action": action})
        return [row.action for row in response.context["result"].rows]

    assert found("customers.search") == ["customers.search"]
    assert found("customers.*") == ["customers.search", "customers.card.read"]
    # (Each search is itself a read about the person, newest first: leave those out.)
    reads = [action for action in found("*.read") if not action.startswith("audit.")]
    assert reads == ["orders.read", "customers.card.read"]
    assert found("*card*") == ["customers.card.read"]
    assert _last("audit.search.read").detail["action_match"] == "contains"
    assert _last("audit.search.read").detail["action"] == "card"


def test_results_are_paged_newest_first(manager_client: Client) -> None:
    subject = str(uuid.uuid4())
    for _ in range(EVENTS_PER_PAGE + 7):
        _read(Actor.system("job"), subject)

    # (The first search is itself an event about the person: the action keeps it out.)
    query = {"subject": subject, "action": "customers.card.read"}
    first = manager_client.get(REVIEW, query)
    second = manager_client.get(REVIEW, {**query, "page": "2"})

    first_rows, second_rows = first.context["result"].rows, second.context["result"].rows
    assert len(first_rows) == EVENTS_PER_PAGE
    assert len(second_rows) == 7
    assert first_rows[0].sequence > first_rows[-1].sequence > second_rows[0].sequence
    # The next page's link keeps the search.
    html = first.content.decode()
    assert "&amp;page=2" in html
    assert f"subject={subject}" in html.split("&amp;page=2")[0].rsplit("href=", 1)[1]


# Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"since": "2026-13-45T10:00"},
        {"until": "yesterday"},
        {"since": "2026-03-02T12:00", "until": "2026-03-02T10:00"},
        {"since": "2026-03-02T12:00", "until": "2026-03-02T12:00"},
        {"subject": "not-an-id"},
        {"subject": "someone@example.fi"},  # addresses only through the form
        {"staff": "12345"},
        {"staff_account": str(uuid.uuid4())},  # not one of the accounts offered
        {"action": "customers card"},
        {"action": "x" * 100},
        {"action": "**"},
        {"action": "customer*read"},
    ],
)
def test_bad_input_is_a_400_with_a_message(manager_client: Client, params: dict) -> None:
    response = manager_client.get(REVIEW, params)
    export = manager_client.get(EXPORT, params)

    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert export.status_code == 400
    assert not AuditEvent.objects.filter(
        action__in=["audit.search.read", "audit.export.read"]
    ).exists()


def test_a_staff_id_and_a_different_account_together_are_a_400(
    manager_client: Client, manager: User
) -> None:
    response = manager_client.get(
        REVIEW, {"staff": str(uuid.uuid4()), "staff_account": str(manager.public_id)}
    )
    assert response.status_code == 400


# Export ------------------------------------------------------------------------------------


def test_the_export_streams_the_matching_entries_as_csv_and_is_audited(
    manager_client: Client, manager: User
) -> None:
    subject = str(uuid.uuid4())
    events = [_read(Actor.system("job"), subject) for _ in range(3)]
    _read(Actor.system("job"), str(uuid.uuid4()))

    response = manager_client.get(EXPORT, {"subject": subject})

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["sequence", "occurred_at", "actor_kind"]
    assert [int(row[0]) for row in rows[1:]] == [event.sequence for event in events]
    assert {row[6] for row in rows[1:]} == {subject}
    assert rows[1][-1] == events[0].hash
    export = _last("audit.export.read")
    assert export.actor_ref == str(manager.public_id)
    assert export.subject == subject
    assert export.detail["rows"] == 3


# The chain check ---------------------------------------------------------------------------


def test_the_chain_check_reports_an_intact_log(
    manager_client: Client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            _read(Actor.system("job"), str(uuid.uuid4()))

    entries = AuditEvent.objects.count()  # with the sign-in's, if it records any

    response = manager_client.post(VERIFY, follow=True, HTTP_ACCEPT_LANGUAGE="en")

    assert response.redirect_chain[0] == (REVIEW, 303)
    assert f"The audit log is intact: {entries} entries checked." in response.content.decode()
    check = _last("audit.verify")
    assert check.detail == {"bad_sequence": None, "checked": entries, "ok": True}


def test_the_chain_check_names_the_first_broken_entry(
    manager_client: Client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            _read(Actor.system("job"), str(uuid.uuid4()))
    with append_only_lifted():
        AuditEvent.objects.filter(sequence=3).update(action="customers.other")

    response = manager_client.post(VERIFY, follow=True, HTTP_ACCEPT_LANGUAGE="en")

    assert "The audit log is broken at entry 3" in response.content.decode()
    check = _last("audit.verify")
    assert check.detail["ok"] is False
    assert check.detail["bad_sequence"] == 3


def test_the_chain_check_is_a_post(manager_client: Client) -> None:
    assert manager_client.get(VERIFY).status_code == 405


def test_moments_in_the_results_page_are_local(manager_client: Client) -> None:
    _read(Actor.system("job"), str(uuid.uuid4()))
    response = manager_client.get(REVIEW, {"action": "customers.card.read"})
    shown = timezone.localtime(response.context["result"].rows[0].occurred_at)
    assert shown.strftime("%Y-%m-%d %H:%M") in response.content.decode()


def test_the_searched_persons_access_log_shows_the_register_managers_look(
    manager_client: Client,
) -> None:
    from rekisteri.privacy.access_package import access_log

    customer = customer_create(
        actor=Actor.system("test"),
        channel=Channel.REGISTRATION,
        first_name="Eino",
        last_name="Kumi",
        email="eino.kumi@example.fi",
    )

    manager_client.get(REVIEW, {"subject": str(customer.public_id)})

    looks = [entry for entry in access_log(customer) if entry["action"] == "audit.search.read"]
    assert len(looks) == 1
    assert looks[0]["roles"] == [Role.REGISTER_MANAGER.value]


def test_each_subject_and_staff_member_in_the_results_links_to_their_own_search(
    manager_client: Client, make_staff: Callable[..., User]
) -> None:
    looker = make_staff(Role.CUSTOMER_SERVICE)
    subject = str(uuid.uuid4())
    _read(Actor.for_staff(looker), subject)

    response = manager_client.get(REVIEW, {"action": "customers.card.read"})

    page = response.content.decode()
    assert f'href="?subject={subject}"' in page
    assert f'href="?staff={looker.public_id}"' in page

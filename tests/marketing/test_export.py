"""The direct-marketing export: who is in it, what columns, CSV safety, streaming, audit,
and who may run it."""

from __future__ import annotations

import csv
import io

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import translation

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.consents.models import MarketingChannel
from rekisteri.marketing.export import BOM, cell, marketing_export_stream
from tests.fixtures.staff import sign_in_staff
from tests.marketing.conftest import prohibit, restrict, withdraw

pytestmark = pytest.mark.django_db

EXPORT = reverse("staff:marketing_export")
ALL = tuple(MarketingChannel)


def _post(client: Client, channel: str) -> StreamingHttpResponse:
    with translation.override("en"):
        return client.post(EXPORT, {"channel": channel})  # type: ignore[return-value]


def _rows(response: StreamingHttpResponse) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[arg-type]
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM) :])))


def test_the_email_list_holds_exactly_the_people_with_a_valid_basis(
    staff_client, make_customer
) -> None:
    included = make_customer(channels=ALL)
    make_customer()  # no permission at all
    withdrawn = make_customer(channels=ALL)
    withdraw(withdrawn)
    prohibited = make_customer(channels=ALL)
    prohibit(prohibited)
    restricted = make_customer(channels=ALL)
    restrict(restricted)
    make_customer(confirmed=False, channels=ALL)  # address never confirmed

    rows = _rows(_post(staff_client(Role.MARKETING), "email"))

    assert rows[0] == ["First name", "Last name", "Email address", "Preferred language"]
    assert rows[1:] == [[included.first_name, included.last_name, included.email, "fi"]]


@pytest.mark.parametrize("channel", ["sms", "post"])
def test_other_channels_leave_out_the_prohibited_restricted_and_withdrawn(
    staff_client, make_customer, channel
) -> None:
    included = make_customer(confirmed=False, channels=ALL)  # no confirmation needed
    for exclude in (withdraw, prohibit, restrict):
        other = make_customer(channels=ALL)
        if exclude is withdraw:
            withdraw(other, MarketingChannel(channel))
        else:
            exclude(other)
    make_customer(channels=ALL, phone="", street_address="")  # nowhere to send

    rows = _rows(_post(staff_client(Role.MARKETING), channel))

    assert [row[1] for row in rows[1:]] == [included.last_name]


def test_each_channel_has_only_the_columns_it_needs(staff_client, make_customer) -> None:
    person = make_customer(channels=ALL)
    client = staff_client(Role.MARKETING)

    sms = _rows(_post(client, "sms"))
    post = _rows(_post(client, "post"))

    assert sms[0] == ["First name", "Last name", "Phone", "Preferred language"]
    assert person.email not in sms[1] and person.street_address not in sms[1]
    assert post[0] == [
        "First name",
        "Last name",
        "Street address",
        "Postal code",
        "City",
        "Country",
        "Preferred language",
    ]
    assert post[1] == [
        person.first_name,
        person.last_name,
        person.street_address,
        "00100",
        "Helsinki",
        "FI",
        "fi",
    ]
    assert person.email not in post[1] and person.phone not in post[1]


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_defused(
    staff_client, make_customer
) -> None:
    make_customer(
        channels=ALL,
        first_name='=HYPERLINK("http://evil.example","x")',
        last_name="@SUM(A1)",
        city="-2+3",
    )

    rows = _rows(_post(staff_client(Role.MARKETING), "post"))

    assert rows[1][0] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[1][1] == "'@SUM(A1)"
    assert rows[1][4] == "'-2+3"
    assert _rows(_post(staff_client(Role.MARKETING), "sms"))[1][2].startswith("'+358")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+358", "'+358"),
        ("-x", "'-x"),
        ("@a", "'@a"),
        ("\tx", "'\tx"),
        ("Äänekoski", "Äänekoski"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
    ],
)
def test_cell_guard(value, shown) -> None:
    assert cell(value) == shown


def test_finnish_letters_survive_in_utf8_with_a_byte_order_mark(
    staff_client, make_customer
) -> None:
    make_customer(channels=ALL, first_name="Åsa", last_name="Öhrnberg-Järvinen")

    response = _post(staff_client(Role.MARKETING), "email")
    raw = b"".join(response.streaming_content)  # type: ignore[arg-type]

    assert raw.startswith(b"\xef\xbb\xbf")
    assert "Öhrnberg-Järvinen".encode() in raw
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="suoramarkkinointi-')


def test_the_export_is_streamed_in_pieces(staff_client, make_customer, make_staff) -> None:
    people = [make_customer(channels=(MarketingChannel.SMS,), confirmed=False) for _ in range(7)]

    response = _post(staff_client(Role.MARKETING), "sms")
    assert isinstance(response, StreamingHttpResponse)
    assert len(_rows(response)) == 1 + len(people)

    actor = Actor.for_staff(make_staff(Role.MARKETING))
    pieces = list(marketing_export_stream(actor=actor, channel=MarketingChannel.SMS, chunk_size=3))
    # The header, then three pieces of at most three rows.
    assert len(pieces) == 4
    assert sum(piece.count("\r\n") for piece in pieces) == 1 + len(people)


def test_the_export_is_audited_once_with_its_row_count(staff_client, make_customer) -> None:
    for _ in range(3):
        make_customer(channels=ALL)
    client = staff_client(Role.MARKETING)
    before = AuditEvent.objects.count()

    response = _post(client, "email")
    started = AuditEvent.objects.filter(action="marketing.export_start").get()
    assert not AuditEvent.objects.filter(action="marketing.export").exists()
    _rows(response)

    finished = AuditEvent.objects.filter(action="marketing.export").get()
    assert finished.detail == {"channel": "email", "rows": 3, "complete": True}
    assert set(finished.categories) == {
        "user.name.first",
        "user.name.last",
        "user.contact.email",
        "user.demographic.language",
    }
    assert finished.purpose == "marketing.communications"
    assert started.actor_ref == finished.actor_ref
    assert finished.subject == ""  # no person is named: no per-row events either
    assert AuditEvent.objects.count() == before + 2


def test_an_export_cut_short_is_recorded_as_incomplete(make_customer, make_staff) -> None:
    for _ in range(5):
        make_customer(channels=(MarketingChannel.POST,))
    actor = Actor.for_staff(make_staff(Role.MARKETING))

    stream = marketing_export_stream(actor=actor, channel=MarketingChannel.POST, chunk_size=2)
    next(stream), next(stream)  # the header and one piece of two rows
    stream.close()  # type: ignore[attr-defined]

    event = AuditEvent.objects.filter(action="marketing.export").get()
    assert event.detail == {"channel": "post", "rows": 2, "complete": False}


@pytest.mark.parametrize(
    "role",
    [
        Role.CUSTOMER_SERVICE,
        Role.WAREHOUSE,
        Role.CREDIT_CONTROL,
        Role.REGISTER_MANAGER,
        Role.ADMINISTRATOR,
        Role.CATALOGUE,
    ],
)
def test_other_roles_may_not_export(staff_client, make_customer, role) -> None:
    make_customer(channels=ALL)

    response = _post(staff_client(role), "email")

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action__startswith="marketing.export").exists()


def test_the_export_is_a_post_with_a_csrf_token(make_staff, make_customer) -> None:
    make_customer(channels=ALL)
    client = sign_in_staff(Client(enforce_csrf_checks=True), make_staff(Role.MARKETING))

    assert client.get(EXPORT).status_code == 405
    assert client.post(EXPORT, {"channel": "email"}).status_code == 403
    assert not AuditEvent.objects.filter(action__startswith="marketing.export").exists()


@pytest.mark.parametrize("channel", ["", "fax", "email'--", "x" * 500])
def test_an_unknown_channel_gets_400_and_exports_nothing(staff_client, channel) -> None:
    response = _post(staff_client(Role.MARKETING), channel)

    assert response.status_code == 400
    assert b"Select a valid choice" in response.content or b"required" in response.content
    assert not AuditEvent.objects.filter(action__startswith="marketing.export").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client) -> None:
    response = client.post(EXPORT, {"channel": "email"})

    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action__startswith="marketing.export").exists()

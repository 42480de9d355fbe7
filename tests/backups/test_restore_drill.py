"""The restore drill (issue 6): data → backup → erase a person → restore → the person is
erased again, everyone else is back, and the audit chain verifies. On SQLite and PostgreSQL
alike, with the real commands."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from psycopg import sql

from rekisteri.audit.actors import Actor
from rekisteri.audit.anchor import anchor_lines
from rekisteri.audit.models import AuditEvent
from rekisteri.audit.verify import audit_verify
from rekisteri.customers.models import Channel, Customer
from rekisteri.customers.services import customer_create
from rekisteri.privacy.erasure import ErasureReason
from rekisteri.privacy.ledger import ledger_path
from rekisteri.privacy.services import subject_erase
from tests.backups.helpers import run, tables_mentioning, take_backup
from tests.privacy.subject_factories import PERSON, make_person

pytestmark = pytest.mark.django_db(transaction=True)

IDENTIFYING = ["last_name", "email", "phone", "street_address"]
OTHER = {
    "first_name": "Aino",
    "last_name": "Ilmapallo",
    "email": "aino.ilmapallo@example.fi",
    "phone": "+358 40 111 2222",
    "street_address": "Kaasukatu 1",
    "postal_code": "00100",
    "city": "Helsinki",
    "country": "FI",
}


def _other_customer() -> Customer:
    return customer_create(actor=Actor.system("test"), channel=Channel.REGISTRATION, **OTHER)


def test_a_person_erased_after_the_backup_stays_erased_after_a_restore() -> None:
    person = make_person()
    other = _other_customer()
    for key in IDENTIFYING:
        assert tables_mentioning(PERSON[key]), f"the test person has no {key}"
    backup, _ = take_backup()
    subject_erase(actor=Actor.system("test"), customer=person, reason=ErasureReason.REQUEST)

    out = run("restore", str(backup), force=True)

    assert "1 people erased again" in out
    assert not Customer.objects.filter(public_id=person.public_id).exists()
    for key in IDENTIFYING:
        assert tables_mentioning(PERSON[key]) == [], key
    assert Customer.objects.filter(public_id=other.public_id).exists()
    result = audit_verify()
    assert result.ok, result.problem
    restore = AuditEvent.objects.get(action="backup.restore")
    assert restore.actor_ref == "restore"
    assert restore.detail["erased_again"] == 1
    again = AuditEvent.objects.filter(action="subject.erase", subject=str(person.public_id))
    assert again.filter(actor_ref="restore").count() == 1


def test_without_the_ledger_the_restore_would_bring_the_person_back() -> None:
    """The control for the drill: the backup does hold the person."""
    person = make_person()
    backup, _ = take_backup()
    subject_erase(actor=Actor.system("test"), customer=person, reason=ErasureReason.REQUEST)
    ledger_path().unlink()

    run("restore", str(backup), force=True)

    assert Customer.objects.filter(public_id=person.public_id).exists()
    assert tables_mentioning(PERSON["email"])


def test_the_audit_chain_verifies_after_a_restore_over_a_longer_history() -> None:
    _other_customer()
    backup, _ = take_backup()
    for number in range(3):
        customer_create(
            actor=Actor.system("test"),
            channel=Channel.REGISTRATION,
            **{**OTHER, "email": f"later{number}@example.fi"},
        )
    before = max(line.sequence for line in anchor_lines())

    run("restore", str(backup), force=True)

    # The restored chain is shorter than the anchor had seen; the restore marks that.
    assert Customer.objects.count() == 1
    result = audit_verify()
    assert result.ok, result.problem
    assert result.head_sequence < before + 3
    assert run("audit_verify").startswith("audit chain intact")


def test_a_restore_then_more_work_then_another_restore_still_verifies() -> None:
    _other_customer()
    first, _ = take_backup()
    _other_customer_with("second@example.fi")
    run("restore", str(first), force=True)
    _other_customer_with("third@example.fi")
    second, _ = take_backup("--dir", str(first.parent / "again"))
    run("restore", str(second), force=True)
    assert audit_verify().ok
    assert sorted(Customer.objects.values_list("email", flat=True)) == [
        OTHER["email"],
        "third@example.fi",
    ]


def _other_customer_with(email: str) -> None:
    customer_create(
        actor=Actor.system("test"), channel=Channel.REGISTRATION, **{**OTHER, "email": email}
    )


def test_retention_runs_after_the_restore() -> None:
    _other_customer()
    backup, _ = take_backup()
    out = run("restore", str(backup), force=True)
    assert "retention applied" in out
    assert AuditEvent.objects.filter(action="retention.run", actor_ref="restore").exists()


def test_a_restore_while_another_session_is_connected_restores_in_place() -> None:
    """PostgreSQL cannot rename a database others are connected to: the restore then puts
    the checked backup back inside the live database instead."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    import psycopg

    _other_customer()
    backup, _ = take_backup()
    _other_customer_with("later@example.fi")
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as bystander:
        bystander.execute("SELECT 1")
        oid = _database_oid(bystander)
        run("restore", str(backup), force=True)
        assert _database_oid(bystander) == oid, "restored in place, not swapped"
    assert Customer.objects.count() == 1
    assert audit_verify().ok


def _database_oid(session: object) -> int:
    row = session.execute(  # type: ignore[attr-defined]
        "SELECT oid FROM pg_database WHERE datname = current_database()"
    ).fetchone()
    return int(row[0])


@pytest.fixture
def database_roles() -> Iterator[tuple[Any, str, str]]:
    """PostgreSQL only: a session on the server's maintenance database, the live
    database's name, and a suffix for roles of this test's own; everything the test
    changes on the database and the roles is put back."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    import psycopg

    params = {**connection.get_connection_params(), "dbname": "postgres"}
    name = connection.settings_dict["NAME"]
    suffix = secrets.token_hex(4)
    with psycopg.connect(**params, autocommit=True) as server:
        me = server.execute("SELECT current_user").fetchone()[0]
        try:
            yield server, name, suffix
        finally:
            database = sql.Identifier(name)
            for statement in (
                sql.SQL("ALTER DATABASE {} OWNER TO {}").format(database, sql.Identifier(me)),
                sql.SQL("ALTER DATABASE {} CONNECTION LIMIT -1").format(database),
                sql.SQL("ALTER DATABASE {} RESET ALL").format(database),
                sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO PUBLIC").format(database),
            ):
                server.execute(statement)
            for role in ("owner", "reader", "other"):
                role_name = f"rekisteri_drill_{role}_{suffix}"
                if server.execute(
                    "SELECT 1 FROM pg_roles WHERE rolname = %s", [role_name]
                ).fetchone():
                    server.execute(
                        sql.SQL("REVOKE ALL ON DATABASE {} FROM {}").format(
                            database, sql.Identifier(role_name)
                        )
                    )
                    server.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role_name)))


def _state_of_database(server: Any, name: str) -> tuple[int, str, int]:
    row = server.execute(
        "SELECT oid, pg_get_userbyid(datdba), datconnlimit FROM pg_database WHERE datname = %s",
        [name],
    ).fetchone()
    return int(row[0]), str(row[1]), int(row[2])


def _may_connect(server: Any, role: str, name: str) -> bool:
    row = server.execute("SELECT has_database_privilege(%s, %s, 'CONNECT')", [role, name])
    return bool(row.fetchone()[0])


def test_a_database_put_in_place_keeps_its_owner_privileges_and_connection_limit(
    database_roles: tuple[Any, str, str],
) -> None:
    """The restore swaps in a new database, made by whoever restores: the live one's
    owner, privileges and connection limit, which no dump holds, go with it."""
    server, name, suffix = database_roles
    owner, reader, other = (f"rekisteri_drill_{r}_{suffix}" for r in ("owner", "reader", "other"))
    database = sql.Identifier(name)
    for role in (owner, reader, other):
        server.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
    server.execute(sql.SQL("ALTER DATABASE {} OWNER TO {}").format(database, sql.Identifier(owner)))
    server.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(database))
    server.execute(
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(database, sql.Identifier(reader))
    )
    server.execute(sql.SQL("ALTER DATABASE {} CONNECTION LIMIT 50").format(database))
    oid, _, _ = _state_of_database(server, name)
    _other_customer()
    backup, _ = take_backup()

    run("restore", str(backup), force=True)

    assert _state_of_database(server, name)[0] != oid, "swapped in, not restored in place"
    assert _state_of_database(server, name)[1:] == (owner, 50)
    assert _may_connect(server, reader, name)
    assert not _may_connect(server, other, name), "PUBLIC's privilege stays revoked"
    assert Customer.objects.count() == 1
    assert audit_verify().ok


def test_a_database_with_settings_of_its_own_is_restored_in_place(
    database_roles: tuple[Any, str, str],
) -> None:
    """Settings made with ALTER DATABASE … SET are not carried over to a new database, so
    the backup goes back inside the live one, which keeps them."""
    server, name, _suffix = database_roles
    server.execute(sql.SQL("ALTER DATABASE {} SET work_mem = '8MB'").format(sql.Identifier(name)))
    oid, _, _ = _state_of_database(server, name)
    _other_customer()
    backup, _ = take_backup()
    _other_customer_with("later@example.fi")

    run("restore", str(backup), force=True)

    assert _state_of_database(server, name)[0] == oid
    setting = server.execute(
        "SELECT s.setconfig FROM pg_db_role_setting s JOIN pg_database d "
        "ON d.oid = s.setdatabase WHERE d.datname = %s",
        [name],
    ).fetchone()
    assert setting[0] == ["work_mem=8MB"]
    assert Customer.objects.count() == 1

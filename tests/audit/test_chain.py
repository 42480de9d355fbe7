"""The audit chain: appends link up, and any change, removal or insertion is found."""

from __future__ import annotations

import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from rekisteri.audit.actors import Actor
from rekisteri.audit.anchor import anchor_lines
from rekisteri.audit.models import AuditEvent, AuditHead
from rekisteri.audit.services import AuditPayloadError, audit_record
from rekisteri.audit.verify import audit_verify
from tests.audit.tampering import append_only_lifted

pytestmark = pytest.mark.django_db


def _append(count: int) -> None:
    for number in range(count):
        audit_record(
            actor=Actor.system("test"),
            action="test.event",
            subject=f"subject-{number}",
            categories=["user.contact.email"],
            purpose="essential.service",
            detail={"n": number},
        )


@pytest.fixture
def chain(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _append(5)


def test_appended_events_form_a_verifiable_chain(chain) -> None:
    result = audit_verify()
    assert result.ok, result.problem
    assert result.checked == 5
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [e.sequence for e in events] == [1, 2, 3, 4, 5]
    for previous, event in itertools.pairwise(events):
        assert event.prev_hash == previous.hash
    head = AuditHead.objects.get(pk=1)
    assert (head.sequence, head.hash) == (5, events[-1].hash)


def test_the_anchor_outside_the_database_records_the_head(chain) -> None:
    lines = list(anchor_lines())
    assert lines, "the anchor file got no line"
    assert lines[-1].sequence == 5
    assert lines[-1].hash == AuditEvent.objects.get(sequence=5).hash


def test_a_changed_row_is_named(chain) -> None:
    with append_only_lifted():
        AuditEvent.objects.filter(sequence=3).update(action="test.other")
    result = audit_verify()
    assert not result.ok
    assert result.bad_sequence == 3
    assert "entry 3" in result.problem


def test_a_removed_row_is_named(chain) -> None:
    with append_only_lifted():
        AuditEvent.objects.filter(sequence=2).delete()
    result = audit_verify()
    assert result.bad_sequence == 2
    assert "missing" in result.problem


def test_a_removed_tail_is_caught_by_the_anchor(chain) -> None:
    fourth = AuditEvent.objects.get(sequence=4)
    with append_only_lifted():
        AuditEvent.objects.filter(sequence=5).delete()
        AuditHead.objects.filter(pk=1).update(sequence=4, hash=fourth.hash)
    result = audit_verify()
    assert result.bad_sequence == 5
    assert "anchor" in result.problem


def test_an_inserted_row_is_named(chain) -> None:
    with append_only_lifted():
        # Make room at 3 and slip a forged entry in, renumbering the rest.
        for sequence in (5, 4, 3):
            AuditEvent.objects.filter(sequence=sequence).update(sequence=sequence + 1)
        original = AuditEvent.objects.get(sequence=4)
        AuditEvent.objects.create(
            sequence=3,
            occurred_at=original.occurred_at,
            actor_kind="system",
            actor_ref="forged",
            action="test.event",
            prev_hash=original.prev_hash,
            hash="f" * 64,
        )
    result = audit_verify()
    assert result.bad_sequence == 3


def test_a_rewritten_row_with_a_recomputed_plain_hash_is_caught(chain) -> None:
    # Without the audit key, no one can compute a hash the chain accepts.
    import hashlib

    with append_only_lifted():
        event = AuditEvent.objects.get(sequence=5)
        AuditEvent.objects.filter(sequence=5).update(
            action="test.other", hash=hashlib.sha256(b"forged").hexdigest()
        )
        AuditHead.objects.filter(pk=1).update(hash=hashlib.sha256(b"forged").hexdigest())
    result = audit_verify()
    assert result.bad_sequence == 5, (event.hash, result)


def test_the_database_refuses_to_update_an_audit_row(chain) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(sequence=1).update(action="test.other")


def test_postgresql_refuses_to_delete_an_audit_row(chain) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the DELETE trigger is PostgreSQL's (SQLite's flush needs DELETE)")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(sequence=1).delete()


def test_audit_verify_command_exits_non_zero_naming_the_entry(chain) -> None:
    call_command("audit_verify")  # intact: no error
    with append_only_lifted():
        AuditEvent.objects.filter(sequence=4).update(subject="changed")
    with pytest.raises(CommandError, match="entry 4"):
        call_command("audit_verify")


def test_an_event_rolled_back_with_its_change_leaves_no_trace() -> None:
    def failing_service() -> None:
        with transaction.atomic():
            audit_record(actor=Actor.system("test"), action="test.event")
            raise RuntimeError("the service failed")

    with pytest.raises(RuntimeError):
        failing_service()
    assert not AuditEvent.objects.exists()
    assert audit_verify().ok


@pytest.mark.parametrize(
    "bad",
    [
        {"action": "customer viewed by Matti Meikäläinen"},
        {"subject": "matti@example.com"},
        {"detail": {"note": "Matti Meikäläinen"}},
        {"detail": {"email": "matti@example.com"}},
        {"detail": {"nested": {"a": 1}}},
    ],
)
def test_free_text_is_refused_so_nothing_personal_enters_the_log(bad) -> None:
    arguments = {"actor": Actor.system("test"), "action": "test.event", **bad}
    with pytest.raises(AuditPayloadError):
        audit_record(**arguments)
    assert not AuditEvent.objects.exists()


def test_a_row_appended_behind_the_services_back_is_named(chain) -> None:
    last = AuditEvent.objects.get(sequence=5)
    AuditEvent.objects.create(
        sequence=6,
        occurred_at=last.occurred_at,
        actor_kind="system",
        actor_ref="forged",
        action="test.event",
        prev_hash=last.hash,
        hash="e" * 64,
    )
    result = audit_verify()
    assert result.bad_sequence == 6
    assert "beyond the chain head" in result.problem


def test_a_damaged_anchor_file_is_reported(chain, settings) -> None:
    with open(settings.REKISTERI_AUDIT_ANCHOR_FILE, "a", encoding="ascii") as anchor:
        anchor.write("garbage\n")
    result = audit_verify()
    assert not result.ok
    assert "anchor" in result.problem


def test_an_event_on_a_whole_second_verifies(
    monkeypatch, django_capture_on_commit_callbacks
) -> None:
    import datetime

    from rekisteri.audit import services

    whole_second = datetime.datetime(2026, 11, 25, 8, 0, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(services.timezone, "now", lambda: whole_second)
    with django_capture_on_commit_callbacks(execute=True):
        _append(2)
    result = audit_verify()
    assert result.ok, result.problem

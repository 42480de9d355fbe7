"""Several writers at once still make one unbroken chain (the head row is locked)."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection

from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.audit.services import audit_record
from rekisteri.audit.verify import audit_verify

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 8
EVENTS_EACH = 25


def test_concurrent_writers_make_one_valid_chain() -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def writer(number: int) -> None:
        try:
            start.wait()
            for _ in range(EVENTS_EACH):
                audit_record(actor=Actor.system(f"writer-{number}"), action="test.event")
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert AuditEvent.objects.count() == WRITERS * EVENTS_EACH
    result = audit_verify()
    assert result.ok, result.problem
    assert result.checked == WRITERS * EVENTS_EACH

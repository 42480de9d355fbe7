"""Lifting the audit table's append-only triggers inside a test's transaction, to play the
part of someone who has gained the database owner's rights."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module

from django.db import connection


@contextmanager
def append_only_lifted() -> Iterator[None]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only"
                )
            else:
                migration = import_module("rekisteri.audit.migrations.0002_append_only")
                cursor.execute(migration.SQLITE_UP)

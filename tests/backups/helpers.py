"""Shared steps of the backup tests: take a backup through the command, scan the database."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management import call_command
from django.db import connection


def take_backup(*args: str) -> tuple[Path, str]:
    out = io.StringIO()
    call_command("backup", *args, stdout=out)
    text = out.getvalue()
    return Path(text.splitlines()[0]), text


def run(command: str, *args: str, **options: object) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


def tables_mentioning(needle: str) -> list[str]:
    """Every table and column, of every table in the database, whose text holds ``needle``."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    text = value.decode(errors="replace") if isinstance(value, bytes) else value
                    if isinstance(text, str) and needle.lower() in text.lower():
                        found.append(f"{table}.{column}")
    return sorted(set(found))

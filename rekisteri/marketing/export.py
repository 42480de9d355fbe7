"""The direct-marketing list of one channel as CSV, streamed (seed S16, L4, L14).

Only people with a valid basis for the channel are in it (``marketing_recipients``: a current
permission, somewhere to send, not prohibited, not restricted), and only the columns the
channel needs. Each column must be one the data map lets the exporting staff member read;
the map grants marketing exactly these fields of the customer record.

Memory stays flat whatever the size: rows come from the database in chunks
(``values_list(...).iterator(chunk_size=...)``) and leave as CSV text in pieces.

The file is UTF-8 with a byte order mark, so that Excel (what the shop's staff open CSV
files with) reads Finnish and Swedish letters right; other tools ignore the mark. A cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with ``'`` so
that a spreadsheet never runs it as a formula (CSV injection); a phone number in
international form (``+358 …``) is therefore shown as ``'+358 …``.

Audit: the export is one read of many people's data. It is recorded by two events, not one
per person: ``marketing.export_start`` (channel, categories) is committed before the first
byte leaves, so an export that is cut short, or a process that dies, still leaves a trace;
``marketing.export`` (channel, categories, the number of rows and whether the file was sent
whole) is written when the stream ends, in its own transaction, since only then is the count
known. No event per person: the list's members are fixed by rules, not picked by the
person exporting, and the permission, prohibition and restriction records they follow are
append-only and timed, so who was on a list at the export's time can be worked out when
needed (a breach, L24); one event per row would add a million events to the hash chain for
each export of a large register and make the audit review's per-person searches useless.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from rekisteri.access.policy import readable_fields
from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.audit.services import audit_record
from rekisteri.consents.models import MarketingChannel
from rekisteri.consents.selectors import marketing_recipients
from rekisteri.customers.models import Customer
from rekisteri.privacy.datamap import datamap, purposes

EXPORTERS = frozenset({Role.MARKETING})
CHUNK_SIZE = 2000
BOM = "\ufeff"

# What each channel needs, in the file's column order.
COLUMNS: dict[MarketingChannel, tuple[str, ...]] = {
    MarketingChannel.EMAIL: ("first_name", "last_name", "email", "preferred_language"),
    MarketingChannel.SMS: ("first_name", "last_name", "phone", "preferred_language"),
    MarketingChannel.POST: (
        "first_name",
        "last_name",
        "street_address",
        "postal_code",
        "city",
        "country",
        "preferred_language",
    ),
}

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A value as a CSV cell that no spreadsheet treats as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def export_columns(actor: Actor, channel: MarketingChannel) -> tuple[str, ...]:
    """The columns of ``channel``'s list, after checking that ``actor`` may export it: a
    role that exports, and read access in the data map to every column."""
    channel = MarketingChannel(channel)
    if not actor.roles & EXPORTERS:
        raise PermissionDenied(_("Only marketing may export the direct-marketing list."))
    columns = COLUMNS[channel]
    readable = set(readable_fields(actor.roles, Customer))
    if not set(columns) <= readable:
        raise PermissionDenied(_("Your roles do not allow reading the fields of this list."))
    return columns


def _csv_text(rows: list[tuple[object, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def marketing_export_stream(
    *, actor: Actor, channel: MarketingChannel, chunk_size: int = CHUNK_SIZE
) -> Iterator[str]:
    """Check access, record the start of the export, and return the CSV text in pieces.

    Raises PermissionDenied before anything is recorded or read when the actor may not
    export this list. The returned iterator records the end of the export (with the row
    count) when it is exhausted or closed.
    """
    channel = MarketingChannel(channel)
    columns = export_columns(actor, channel)
    categories = datamap.categories(Customer, columns)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="marketing.export_start",
            categories=categories,
            purpose=purposes.DIRECT_MARKETING.key,
            detail={"channel": channel.value},
        )
    # The header in the language of the request (the stream is read after the view returns).
    header = tuple(
        str(capfirst(getattr(Customer._meta.get_field(name), "verbose_name", name)))
        for name in columns
    )
    return _stream(actor, channel, columns, header, categories, chunk_size)


def _stream(
    actor: Actor,
    channel: MarketingChannel,
    columns: tuple[str, ...],
    header: tuple[str, ...],
    categories: list[str],
    chunk_size: int,
) -> Iterator[str]:
    count = 0
    complete = False
    try:
        yield BOM + _csv_text([header])
        rows = marketing_recipients(channel).values_list(*columns).iterator(chunk_size=chunk_size)
        piece: list[tuple[object, ...]] = []
        for row in rows:
            piece.append(row)
            if len(piece) >= chunk_size:
                count += len(piece)
                yield _csv_text(piece)
                piece = []
        if piece:
            count += len(piece)
            yield _csv_text(piece)
        complete = True
    finally:
        # Also when the download is cut short (the server closes the iterator): the count
        # is then what was handed to the server to send.
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="marketing.export",
                categories=categories,
                purpose=purposes.DIRECT_MARKETING.key,
                detail={"channel": channel.value, "rows": count, "complete": complete},
            )

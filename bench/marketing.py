"""Benchmark of the direct-marketing export, run by hand (never in tests).

On a throwaway database of the configured kind (SQLite by default, PostgreSQL when
DATABASE_URL points at one):

  (a) the export of --rows rows (default 1,000,000) of the email list, streamed through the
      real view (signed-in marketing user, POST, StreamingHttpResponse), read to the end
                                                            rows/s (reported, no target)
  (b) the peak memory (resident set size) of the process that ran the export
                                                            target <= 150 MB

The data: made-up customers (``customers_generate``), each with an email permission and a
confirmed address; one in fifty has prohibited direct marketing and one in fifty other has
restricted processing, so that the export's filters have something to leave out. The export
runs in a fresh child process, so that its peak memory is the export's alone (plus Django's
own start-up), not the data generation's.

    python bench/marketing.py --rows 1000000
    DATABASE_URL=postgres://... python bench/marketing.py --rows 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench.run
from bench.run import Figure, run_on_throwaway_database

bench.run.BENCH_DATABASE = "rekisteri_bench_marketing"

MEMORY_TARGET_MB = 150
# One in this many is prohibited, and one in this many (others) restricted.
EXCLUDED_EVERY = 50


def _rss_mb() -> float:
    """The process's resident set size now, from /proc (Linux)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1_000_000


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1_000_000


def generate(rows: int) -> int:
    """Customers enough for ``rows`` exported rows, with their permissions; returns the
    number of rows the export must give."""
    from django.db import connection, transaction

    from rekisteri.audit.actors import Actor
    from rekisteri.consents.models import (
        ConfirmedAddress,
        ConsentRecord,
        MarketingChannel,
        PrivacySwitchRecord,
    )
    from rekisteri.consents.selectors import permission_text_current
    from rekisteri.customers.models import Customer
    from rekisteri.demo.generator import customers_generate

    # Two in EXCLUDED_EVERY are left out of the export.
    customers = -(-rows * EXCLUDED_EVERY // (EXCLUDED_EVERY - 2))
    started = time.perf_counter()
    print(f"generating {customers:,} customers ...", flush=True)
    customers_generate(actor=Actor.system("bench"), count=customers)
    text = permission_text_current(MarketingChannel.EMAIL, "fi")
    assert text is not None
    customer_table = Customer._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ConsentRecord._meta.db_table} "  # noqa: S608 (table names only)
            "(customer_id, channel, action, source, text_version_id, recorded_at) "
            f"SELECT id, 'email', 'granted', 'registration', %s, entered_at FROM {customer_table}",
            [text.pk],
        )
        cursor.execute(
            f"INSERT INTO {ConfirmedAddress._meta.db_table} (customer_id, email, confirmed_at) "  # noqa: S608
            f"SELECT id, lower(email), entered_at FROM {customer_table} WHERE email <> ''"
        )
        for switch, remainder in (("marketing_prohibition", 0), ("restriction", 1)):
            cursor.execute(
                f"INSERT INTO {PrivacySwitchRecord._meta.db_table} "  # noqa: S608
                "(customer_id, switch, enabled, source, recorded_at) "
                f"SELECT id, %s, %s, 'profile', entered_at FROM {customer_table} "
                "WHERE id %% %s = %s",
                [switch, True, EXCLUDED_EVERY, remainder],
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from rekisteri.consents.selectors import marketing_recipients

    expected = marketing_recipients(MarketingChannel.EMAIL).count()
    print(
        f"  {customers:,} customers, {expected:,} on the email list, "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return expected


def export_child() -> None:
    """Run in a fresh process: export the email list through the view, print JSON."""
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from rekisteri.access.groups import role_group
    from rekisteri.access.roles import Role
    from rekisteri.accounts.models import User

    settings.ALLOWED_HOSTS = ["*"]
    user, _created = User.objects.get_or_create(
        email="markkinointi@example.test", defaults={"is_staff": True}
    )
    user.groups.add(role_group(Role.MARKETING))
    # Signed in as the staff sign-in would leave it (password and second factor).
    from tests.fixtures.staff import sign_in_staff

    client = sign_in_staff(Client(), user)
    baseline = _rss_mb()
    started = time.perf_counter()
    response = client.post(reverse("staff:marketing_export"), {"channel": "email"})
    if response.status_code != 200 or not response.streaming:
        raise SystemExit(f"bench: the export answered {response.status_code}")
    lines = size = 0
    peak_seen = baseline
    for piece in response.streaming_content:
        lines += piece.count(b"\r\n")
        size += len(piece)
        peak_seen = max(peak_seen, _rss_mb())
    response.close()
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "rows": lines - 1,
                "bytes": size,
                "seconds": seconds,
                "rss_before_mb": baseline,
                "rss_peak_seen_mb": peak_seen,
                "ru_maxrss_mb": _peak_rss_mb(),
            }
        )
    )


def run(args: argparse.Namespace) -> list[Figure]:
    expected = generate(args.rows)
    print("(a, b) exporting the email list in a fresh process ...", flush=True)
    child = subprocess.run(
        [sys.executable, __file__, "--child"],
        check=False,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    if child.returncode != 0:
        raise SystemExit(f"bench: the export process failed:\n{child.stderr[-3000:]}")
    result = json.loads(child.stdout.strip().splitlines()[-1])
    if result["rows"] != expected:
        raise SystemExit(f"bench: exported {result['rows']} rows, expected {expected}")
    rate = result["rows"] / result["seconds"]
    print(
        f"  {result['rows']:,} rows, {result['bytes'] / 1e6:,.1f} MB of CSV in "
        f"{result['seconds']:.1f} s = {rate:,.0f} rows/s; RSS {result['rss_before_mb']:.0f} MB "
        f"before, {result['rss_peak_seen_mb']:.0f} MB at most while streaming, process peak "
        f"{result['ru_maxrss_mb']:.0f} MB",
        flush=True,
    )
    return [
        Figure(f"export rows/s ({result['rows']:,} rows)", rate, "rows/s", 1, True),
        Figure(
            "export peak memory (process RSS)",
            result["ru_maxrss_mb"],
            "MB",
            MEMORY_TARGET_MB,
            False,
        ),
    ]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows in the export")
    parser.add_argument("--quick", action="store_true", help="a small run to try the script")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.rows = 10_000
    if args.rows < 1:
        parser.error("--rows must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        export_child()
        return 0
    run_on_throwaway_database(lambda: run(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Rekisteri's benchmarks, run by hand with ``make bench`` (never by the test suite).

Measures, on a throwaway database of the configured kind (SQLite by default, PostgreSQL when
DATABASE_URL points at one), against the targets:

  (a) generating 100,000 customers                      target <= 60 s
  (b) appending audit events, one per transaction and
      100 per transaction                               target >= 5,000 events/s
  (c) verifying an audit chain of 100,000 events        target <= 2 s

The configured database is never touched: SQLite runs in a temporary data directory, and
PostgreSQL in a database ``rekisteri_bench`` beside the configured one, dropped at the end.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DATABASE = "rekisteri_bench"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql")


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: float
    higher_is_better: bool

    @property
    def ratio(self) -> float:
        """How many times better than the target (above 1 meets it)."""
        if self.higher_is_better:
            return self.value / self.target
        return self.target / self.value if self.value else float("inf")


def bench_database_url(url: str) -> str:
    """The throwaway database's URL: the configured server, another database name."""
    parts = urlsplit(url)
    if parts.path.strip("/") == BENCH_DATABASE:
        raise SystemExit(f"bench: DATABASE_URL already names {BENCH_DATABASE}; refusing")
    return urlunsplit(parts._replace(path="/" + BENCH_DATABASE))


def is_postgresql(url: str) -> bool:
    return urlsplit(url).scheme in POSTGRES_SCHEMES


def _maintenance_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(scheme="postgresql", path="/postgres"))


def _recreate_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(_maintenance_url(url), autocommit=True) as conn:
        name = sql.Identifier(BENCH_DATABASE)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def _drop_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(_maintenance_url(url), autocommit=True) as conn:
        name = sql.Identifier(BENCH_DATABASE)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


def _timed(label: str, func, *args, **kwargs) -> tuple[float, object]:
    print(f"  {label} ...", end="", flush=True)
    started = time.perf_counter()
    result = func(*args, **kwargs)
    seconds = time.perf_counter() - started
    print(f" {seconds:.2f} s", flush=True)
    return seconds, result


def _append_events(count: int, per_transaction: int) -> None:
    from django.db import transaction

    from rekisteri.audit.actors import Actor
    from rekisteri.audit.services import audit_record

    actor = Actor.system("bench")
    done = 0
    while done < count:
        size = min(per_transaction, count - done)
        with transaction.atomic():
            for _ in range(size):
                # Shaped like a real staff read of one customer's contact data.
                audit_record(
                    actor=actor,
                    action="customer.read",
                    subject=str(uuid.uuid4()),
                    categories=["user.contact.email", "user.name.first", "user.name.last"],
                    purpose="essential.service",
                    detail={"fields": ["email", "first_name", "last_name"]},
                )
        done += size


def _fill_chain(count: int) -> None:
    """Extend the chain by ``count`` events quickly, for the verification benchmark, with
    the service's own batch append (thousands per transaction)."""
    from django.db import transaction

    from rekisteri.audit.actors import Actor
    from rekisteri.audit.services import EventSpec, audit_record_many

    spec = EventSpec(
        action="customer.read",
        categories=["user.contact.email", "user.name.first", "user.name.last"],
        purpose="essential.service",
        detail={"fields": ["email", "first_name", "last_name"]},
    )
    actor = Actor.system("bench")
    done = 0
    while done < count:
        size = min(5_000, count - done)
        with transaction.atomic():
            audit_record_many(
                actor=actor,
                events=[
                    EventSpec(**{**spec.__dict__, "subject": str(uuid.uuid4())})
                    for _ in range(size)
                ],
            )
        done += size


def _append_batches(count: int, per_batch: int) -> None:
    """``audit_record_many``: one lock and one statement per batch (bulk work)."""
    from django.db import transaction

    from rekisteri.audit.actors import Actor
    from rekisteri.audit.services import EventSpec, audit_record_many

    actor = Actor.system("bench")
    done = 0
    while done < count:
        size = min(per_batch, count - done)
        with transaction.atomic():
            audit_record_many(
                actor=actor,
                events=[
                    EventSpec(
                        action="customer.read",
                        subject=str(uuid.uuid4()),
                        categories=["user.contact.email", "user.name.first"],
                        purpose="essential.service",
                        detail={"fields": ["email"]},
                    )
                    for _ in range(size)
                ],
            )
        done += size


def run(args: argparse.Namespace) -> list[Figure]:
    from rekisteri.audit.actors import Actor
    from rekisteri.audit.models import AuditEvent
    from rekisteri.audit.verify import audit_verify
    from rekisteri.demo.generator import customers_generate

    figures = []
    print("(a) customers")
    seconds, made = _timed(
        f"generate_data --customers {args.customers}",
        customers_generate,
        actor=Actor.system("generate_data"),
        count=args.customers,
        seed=1,
    )
    assert made == args.customers
    figures.append(Figure(f"generate {args.customers:,} customers", seconds, "s", 60, False))

    print("(b) audit appends")
    for per_transaction, count in ((1, args.single_events), (100, args.batched_events)):
        seconds, _ = _timed(
            f"{count:,} events, {per_transaction} per transaction",
            _append_events,
            count,
            per_transaction,
        )
        figures.append(
            Figure(
                f"audit_record, {per_transaction} per transaction",
                count / seconds,
                "events/s",
                5000,
                True,
            )
        )

    seconds, _ = _timed(
        f"{args.batched_events:,} events, audit_record_many 100 per call",
        _append_batches,
        args.batched_events,
        100,
    )
    figures.append(
        Figure(
            "audit_record_many, 100 per call", args.batched_events / seconds, "events/s", 5000, True
        )
    )

    print("(c) audit verification")
    missing = args.verify_events - AuditEvent.objects.count()
    if missing > 0:
        _timed(f"filling the chain with {missing:,} events (bulk)", _fill_chain, missing)
    seconds, result = _timed(f"audit_verify over {args.verify_events:,} events", audit_verify)
    if not result.ok:
        raise SystemExit(f"bench: the chain did not verify: {result.problem}")
    figures.append(Figure(f"audit_verify, {result.checked:,} events", seconds, "s", 2, False))
    return figures


def machine_info() -> dict[str, str]:
    import django
    from django.db import connection

    info = {
        "cores": str(os.cpu_count()),
        "cpu": _cpu_model(),
        "memory": _memory(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
    }
    if connection.vendor == "postgresql":
        number = connection.pg_version
        info["database"] = f"PostgreSQL {number // 10000}.{number % 10000}"
    else:
        import sqlite3

        info["database"] = f"SQLite {sqlite3.sqlite_version} (WAL, file in a temporary dir)"
    return info


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def report(info: dict[str, str], figures: list[Figure]) -> None:
    print()
    width = max(len(key) for key in info)
    for key, value in info.items():
        print(f"{key:<{width}}  {value}")
    print()
    name_width = max(len(figure.name) for figure in figures)
    print(f"{'measure':<{name_width}}  {'result':<19}  {'target':<19}  vs target")
    for figure in figures:
        sign = ">=" if figure.higher_is_better else "<="
        verdict = "ok" if figure.ratio >= 1 else "MISSED"
        print(
            f"{figure.name:<{name_width}}  {figure.value:>10,.2f} {figure.unit:<8}  "
            f"{sign} {figure.target:>7,g} {figure.unit:<8}  {figure.ratio:>6.2f}x {verdict}"
        )


def save(info: dict[str, str], figures: list[Figure]) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    moment = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    vendor = "postgresql" if info["database"].startswith("PostgreSQL") else "sqlite"
    path = RESULTS_DIR / f"{moment}-{vendor}.json"
    figures_out = [{**asdict(figure), "ratio": figure.ratio} for figure in figures]
    path.write_text(json.dumps({"machine": info, "figures": figures_out}, indent=2) + "\n")
    return path


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument(
        "--single-events", type=int, default=3_000, help="events appended one per transaction"
    )
    parser.add_argument(
        "--batched-events", type=int, default=20_000, help="events appended 100 per transaction"
    )
    parser.add_argument(
        "--verify-events", type=int, default=100_000, help="length of the chain that is verified"
    )
    parser.add_argument("--quick", action="store_true", help="a small run to try the script")
    args = parser.parse_args(argv)
    if args.quick:
        args.customers, args.single_events, args.batched_events = 2_000, 200, 1_000
        args.verify_events = 3_000
    for name in ("customers", "single_events", "batched_events", "verify_events"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be positive")
    return args


def run_on_throwaway_database(run_benchmarks: Callable[[], list[Figure]]) -> None:
    """Set up a throwaway database of the configured kind, migrate it, run the benchmarks,
    print and save the figures, and remove the database again.

    The configured database is never touched: SQLite runs in a temporary data directory, and
    PostgreSQL in a database ``rekisteri_bench`` beside the configured one.
    """
    configured = os.environ.get("DATABASE_URL", "").strip()
    data_dir = tempfile.mkdtemp(prefix="rekisteri-bench-")
    os.environ.update(
        {
            "REKISTERI_DATA_DIR": data_dir,
            "REKISTERI_ENV": "development",
            "DJANGO_SETTINGS_MODULE": "rekisteri.settings",
        }
    )
    postgres = bool(configured) and is_postgresql(configured)
    if postgres:
        os.environ["DATABASE_URL"] = bench_database_url(configured)
        _recreate_postgres(configured)
    else:
        os.environ.pop("DATABASE_URL", None)  # SQLite in the temporary data directory
    try:
        import django
        from django.core.management import call_command
        from django.db import connections

        django.setup()
        print("Migrating the throwaway database ...", flush=True)
        call_command("migrate", verbosity=0)
        try:
            figures = run_benchmarks()
            info = machine_info()
        finally:
            connections.close_all()
        report(info, figures)
        print(f"\nsaved to {save(info, figures)}")
    finally:
        if postgres:
            _drop_postgres(configured)
        shutil.rmtree(data_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    run_on_throwaway_database(lambda: run(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())

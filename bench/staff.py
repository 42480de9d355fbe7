"""Benchmarks of the staff's customer pages, run by hand (``make bench``), never in tests.

On a throwaway database of the configured kind (SQLite by default, PostgreSQL when
DATABASE_URL points at one), against the targets:

  (a) customer search by name, email or phone, through Django's test client as customer
      service (the POST, the page of 25 results and one audit event per person shown),
      with 1,000,000 customers on PostgreSQL and 100,000 on SQLite   target p95 <= 50 ms
      (the target is set for PostgreSQL; SQLite, which has no trigram index, is reported);
      also the search query alone (the selector with its audit call replaced by a no-op).
      A search matching more than 2,000 people (a common surname alone, among a million)
      lists no one and asks to be narrowed; the figures say how many did
  (b) the customer card with its audit event, and the same card with the audit call
      replaced by a no-op                                         target ratio p95 <= 1.2

The number of customers is a flag (``--customers``); ``--quick`` tries the script on a few.
The throwaway database is a temporary SQLite file, or a PostgreSQL database
``rekisteri_bench_staff`` beside the configured one, dropped at the end.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench.run
from bench.run import Figure, is_postgresql, run_on_throwaway_database

# A database of its own, so that this may run while another benchmark uses rekisteri_bench.
bench.run.BENCH_DATABASE = "rekisteri_bench_staff"

SEARCH_TARGET_MS = 50
CARD_RATIO_TARGET = 1.2
POSTGRESQL_CUSTOMERS = 1_000_000
SQLITE_CUSTOMERS = 100_000
_STAFF = itertools.count(1)


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def _summary(label: str, samples: list[float]) -> tuple[float, float]:
    p50, p95 = statistics.median(samples) * 1000, _p95(samples) * 1000
    print(f"  {label}: {len(samples)} samples, p50 {p50:.1f} ms, p95 {p95:.1f} ms", flush=True)
    return p50, p95


def _timed(action: Callable[[], None]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def generate(args: argparse.Namespace) -> None:
    from django.db import connection

    from rekisteri.audit.actors import Actor
    from rekisteri.demo.generator import customers_generate

    print(f"generating {args.customers:,} customers", flush=True)
    started = time.perf_counter()
    customers_generate(actor=Actor.system("generate_data"), count=args.customers, seed=1)
    print(f"  {time.perf_counter() - started:.1f} s", flush=True)
    if connection.vendor == "postgresql":
        # What autovacuum would do soon after a bulk load: fresh statistics for the planner.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE customers_customer")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _staff_client(*roles: Any) -> Any:
    from django.test import Client

    from rekisteri.access.groups import role_group
    from rekisteri.accounts.models import User
    from tests.fixtures.staff import sign_in_staff

    user = User.objects.create_user(f"bench-{next(_STAFF)}@example.test", None, is_staff=True)
    for role in roles:
        user.groups.add(role_group(role))
    # The host the development settings allow; signed in the way the tests sign staff in.
    return sign_in_staff(Client(SERVER_NAME="127.0.0.1"), user)


def search_terms(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """Searches as customer service types them, made from people in the register: a whole
    name, part of a surname with a first name, the start of an email address, a phone
    number, and a surname alone (the common ones match thousands)."""
    from rekisteri.customers.models import Customer

    top = Customer.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    terms: list[tuple[str, str]] = []
    kinds = ("full name", "part of a surname and a first name", "email", "phone", "surname")
    while len(terms) < count:
        person = Customer.objects.filter(pk__gte=rng.randint(1, top)).order_by("pk").first()
        if person is None:
            continue
        kind = kinds[len(terms) % len(kinds)]
        if kind == "full name":
            term = f"{person.first_name} {person.last_name}"
        elif kind == "part of a surname and a first name":
            term = f"{person.last_name[:5].upper()} {person.first_name.lower()}"
        elif kind == "email":
            term = person.email[:12]
        elif kind == "phone":
            term = person.phone
        else:
            term = person.last_name
        terms.append((kind, term))
    return terms


def search(args: argparse.Namespace) -> list[Figure]:
    from django.db import connection
    from django.urls import reverse

    import rekisteri.customers.selectors as selectors
    from rekisteri.access.roles import Role
    from rekisteri.audit.actors import Actor
    from rekisteri.customers.search_key import search_words

    vendor = connection.vendor
    print(f"(a) customer search, {args.searches} searches ({vendor})", flush=True)
    client = _staff_client(Role.CUSTOMER_SERVICE)
    url = reverse("staff:customers_search")
    terms = search_terms(args.searches, random.Random(1))

    def post(term: str) -> None:
        response = client.post(url, {"term": term})
        if response.status_code != 200:
            raise SystemExit(f"bench: the search answered {response.status_code}")

    for _kind, term in terms[:5]:  # untimed: templates, URL resolvers, caches
        post(term)
    by_kind: dict[str, list[float]] = {}
    for kind, term in terms:
        by_kind.setdefault(kind, []).append(_timed(lambda term=term: post(term)))
    print("  the whole page (POST, 25 results, one audit event per person shown):")
    everything = [sample for samples in by_kind.values() for sample in samples]
    for kind, samples in by_kind.items():
        _summary(f"  {kind}", samples)
    _p50, page_p95 = _summary("  all searches", everything)

    # The database's part: the selector's query and its page, with the audit call replaced
    # by a no-op (the audit's cost is measured with the card below).
    actor = Actor.for_staff(_user_of(client))
    audited = selectors.audit_record_many

    def no_audit(**_kwargs: Any) -> list[Any]:
        return []

    selectors.audit_record_many = no_audit  # type: ignore[assignment]
    query: list[float] = []
    too_many: dict[str, int] = {}
    try:
        for kind, term in terms:
            started = time.perf_counter()
            page = selectors.customer_search(actor=actor, words=search_words(term), page_number=1)
            query.append(time.perf_counter() - started)
            too_many[kind] = too_many.get(kind, 0) + int(page.too_many)
    finally:
        selectors.audit_record_many = audited
    for kind, count in too_many.items():
        print(f"  {kind}: {count} of {len(by_kind[kind])} matched too many to list", flush=True)
    print("  the search query alone (the selector without its audit):")
    _p50, query_p95 = _summary("  all searches", query)
    return [
        Figure(
            f"customer search page, {args.customers:,} customers ({vendor}), p95",
            page_p95,
            "ms",
            SEARCH_TARGET_MS,
            False,
        ),
        Figure(
            f"customer search query, {args.customers:,} customers ({vendor}), p95",
            query_p95,
            "ms",
            SEARCH_TARGET_MS,
            False,
        ),
    ]


def _user_of(client: Any) -> Any:
    from django.contrib.auth import SESSION_KEY

    from rekisteri.accounts.models import User

    return User.objects.get(pk=client.session[SESSION_KEY])


def card(args: argparse.Namespace) -> list[Figure]:
    from django.urls import reverse

    import rekisteri.customers.selectors as selectors
    from rekisteri.access.roles import Role
    from rekisteri.customers.models import Customer

    print(f"(b) customer card, {args.cards} cards with and without the audit", flush=True)
    client = _staff_client(Role.CUSTOMER_SERVICE)
    rng = random.Random(2)
    top = Customer.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ids = list(
        Customer.objects.filter(
            pk__in=[rng.randint(1, top) for _ in range(args.cards * 2)]
        ).values_list("public_id", flat=True)[: args.cards]
    )
    urls = [reverse("staff:customers_card", args=[public_id]) for public_id in ids]
    audited = selectors.audit_record_many

    def no_audit(**_kwargs: Any) -> list[Any]:
        return []

    def get(url: str) -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"bench: the card answered {response.status_code}")

    for url in urls[:5]:  # untimed
        get(url)
    with_audit: list[float] = []
    without_audit: list[float] = []
    try:
        # Interleaved, alternating which goes first, so that both meet the same caches.
        for index, url in enumerate(urls):
            runs = [(with_audit, audited), (without_audit, no_audit)]
            for samples, recorder in runs if index % 2 == 0 else runs[::-1]:
                selectors.audit_record_many = recorder  # type: ignore[assignment]
                samples.append(_timed(lambda url=url: get(url)))
    finally:
        selectors.audit_record_many = audited
    _, p95_with = _summary("card with its audit event", with_audit)
    _, p95_without = _summary("card without the audit", without_audit)
    ratio = p95_with / p95_without
    print(f"  ratio of the p95s: {ratio:.2f}", flush=True)
    return [
        Figure("customer card with audit, p95", p95_with, "ms", 100, False),
        Figure("card p95 with audit / without", ratio, "x", CARD_RATIO_TARGET, False),
    ]


def run(args: argparse.Namespace) -> list[Figure]:
    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)
    generate(args)
    figures = search(args)
    figures += card(args)
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)
    return figures


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--customers",
        type=int,
        default=None,
        help=f"default {POSTGRESQL_CUSTOMERS:,} on PostgreSQL, {SQLITE_CUSTOMERS:,} on SQLite",
    )
    parser.add_argument("--searches", type=int, default=500, help="searches made")
    parser.add_argument("--cards", type=int, default=200, help="cards read, each twice")
    parser.add_argument("--quick", action="store_true", help="a small run to try the script")
    args = parser.parse_args(argv)
    if args.customers is None:
        postgres = is_postgresql(os.environ.get("DATABASE_URL", "").strip())
        args.customers = POSTGRESQL_CUSTOMERS if postgres else SQLITE_CUSTOMERS
    if args.quick:
        args.customers, args.searches, args.cards = 2_000, 50, 20
    for name in ("customers", "searches", "cards"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    run_on_throwaway_database(lambda: run(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())

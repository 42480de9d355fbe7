"""Benchmarks of the privacy engines, run by hand (``make bench-privacy``), never in tests.

On a throwaway database of the configured kind, with 100,000 generated customers:

  (a) registration: Argon2 hashes per second and the registration service's latency
  (b) subject_export for a customer with a full history        target p95 <= 50 ms
  (c) subject_erase for a customer with a full history         target p95 <= 100 ms
  (d) retention_run over every customer                        target <= 60 s

"A full history" is a row in every sub-register that holds data about a person, made with
the same factories the tests use, so a new sub-register is measured as soon as it is mapped.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import Figure, run_on_throwaway_database


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def _time_each(items: list[object], action: Callable[[object], object]) -> list[float]:
    samples = []
    for item in items:
        started = time.perf_counter()
        action(item)
        samples.append(time.perf_counter() - started)
    return samples


def _full_history_customers(count: int) -> list[object]:
    from rekisteri.audit.actors import Actor
    from rekisteri.customers.models import Channel
    from rekisteri.customers.services import customer_create
    from tests.privacy.subject_factories import FACTORIES, PERSON

    people = []
    for number in range(count):
        customer = customer_create(
            actor=Actor.system("bench"),
            channel=Channel.REGISTRATION,
            **{**PERSON, "email": f"koko.historia.{number}@example.net"},
        )
        for label, make in FACTORIES.items():
            if label != "customers.Customer":
                make(customer)
        customer.refresh_from_db()
        people.append(customer)
    return people


def run(args: argparse.Namespace) -> list[Figure]:
    from django.contrib.auth.hashers import Argon2PasswordHasher
    from django.utils import timezone

    from rekisteri.accounts.services import account_register
    from rekisteri.audit.actors import Actor
    from rekisteri.customers.models import Customer
    from rekisteri.demo.generator import customers_generate
    from rekisteri.privacy.erasure import ErasureReason
    from rekisteri.privacy.services import retention_run, subject_erase, subject_export

    figures: list[Figure] = []
    print(f"generating {args.customers:,} customers ...", flush=True)
    customers_generate(actor=Actor.system("bench"), count=args.customers, seed=3)

    print("(a) registration", flush=True)
    hasher = Argon2PasswordHasher()
    started = time.perf_counter()
    for number in range(args.hashes):
        hasher.encode(f"salasana-{number}-pitka-ja-hyva", hasher.salt())
    rate = args.hashes / (time.perf_counter() - started)
    print(
        f"  Argon2id: {rate:.1f} hashes/s, {1000 / rate:.0f} ms each (the floor of a "
        "registration or a sign-in; no target)"
    )
    samples = _time_each(
        list(range(args.registrations)),
        lambda n: account_register(
            actor=Actor.public(),
            email=f"uusi.asiakas.{n}@example.net",
            password="ilmapallo-kauppa-2026-salasana",  # noqa: S106 - a made-up customer
            first_name="Uusi",
            last_name="Asiakas",
        ),
    )
    print(
        f"  registration: p50 {statistics.median(samples) * 1000:.0f} ms, "
        f"p95 {_p95(samples) * 1000:.0f} ms (no target)"
    )

    print("(b, c) access package and erasure, full history", flush=True)
    people = _full_history_customers(args.people)
    export = _time_each(people, lambda c: subject_export(actor=Actor.system("bench"), customer=c))
    figures.append(Figure("subject_export, p95", _p95(export) * 1000, "ms", 50, False))
    erase = _time_each(
        people,
        lambda c: subject_erase(
            actor=Actor.system("bench"), customer=c, reason=ErasureReason.REQUEST
        ),
    )
    figures.append(Figure("subject_erase, p95", _p95(erase) * 1000, "ms", 100, False))

    print("(d) retention over every customer", flush=True)
    # One in a hundred has been away longer than the period, as in a real register.
    old = timezone.now() - timezone.timedelta(days=365 * 4)
    ids = list(Customer.objects.values_list("pk", flat=True)[::100])
    Customer.objects.filter(pk__in=ids).update(last_active_at=old)
    started = time.perf_counter()
    result = retention_run(actor=Actor.system("bench"))
    seconds = time.perf_counter() - started
    total = Customer.objects.count() + result.customers_erased
    print(f"  erased {result.customers_erased:,} of {total:,} customers")
    figures.append(Figure("retention_run, all customers", seconds, "s", 60, False))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=100, help="customers with full history")
    parser.add_argument("--hashes", type=int, default=20)
    parser.add_argument("--registrations", type=int, default=20)
    args = parser.parse_args(argv)
    run_on_throwaway_database(lambda: run(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())

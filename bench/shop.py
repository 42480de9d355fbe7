"""Benchmarks of the webshop, run by hand (``make bench``), never in tests.

On a throwaway database of the configured kind (SQLite by default, PostgreSQL when
DATABASE_URL points at one), against the targets:

  (a) generating 100,000 customers with 10 orders each          target <= 300 s
      (the target scales with --customers)
  (b) full checkouts: order_place, payment_start against the Paytrail simulator over real
      HTTP, paying on the simulator and payment_confirm with the redirect's signed
      parameters; first one after another, then two threads at once
                                                                target >= 10 orders/s
  (c) a customer's order history and one order page, signed in as customers with 10 orders
      each, through Django's test client                       target p95 <= 100 ms
  (d) the warehouse's pick list with 1,000 open shipments       target p95 <= 500 ms

The throwaway database is a temporary SQLite file, or a PostgreSQL database
``rekisteri_bench_shop`` beside the configured one, dropped at the end.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import resource
import statistics
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench.run
from bench.run import Figure, run_on_throwaway_database

# A database of its own, so that this may run while another benchmark uses rekisteri_bench.
bench.run.BENCH_DATABASE = "rekisteri_bench_shop"

GENERATE_TARGET_SECONDS_PER_100K = 300
CHECKOUT_TARGET = 10
PAGE_TARGET_MS = 100
PICK_LIST_TARGET_MS = 500


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def _peak_memory_mib() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _latencies(
    label: str, items: list[Any], action: Callable[[Any], None], target_ms: float
) -> Figure:
    samples = []
    for item in items:
        started = time.perf_counter()
        action(item)
        samples.append(time.perf_counter() - started)
    p50, p95 = statistics.median(samples) * 1000, _p95(samples) * 1000
    print(f"  {label}: {len(samples)} samples, p50 {p50:.1f} ms, p95 {p95:.1f} ms", flush=True)
    return Figure(f"{label}, p95", p95, "ms", target_ms, False)


# (a) Generating the register -------------------------------------------------------------


def generate(args: argparse.Namespace) -> Figure:
    from rekisteri.audit.actors import Actor
    from rekisteri.demo.generator import customers_generate
    from rekisteri.demo.order_generator import orders_generate

    actor = Actor.system("generate_data")
    print(f"(a) generating {args.customers:,} customers, {args.orders:,} orders each", flush=True)
    started = time.perf_counter()
    customers_generate(actor=actor, count=args.customers, seed=1)
    customers_done = time.perf_counter()
    print(
        f"  customers: {customers_done - started:.1f} s, peak memory {_peak_memory_mib():.0f} MiB",
        flush=True,
    )
    # About the open shipments the pick list is measured with, so that little is left to
    # adjust afterwards (one percent of customers at 100,000).
    share = min(1.0, args.open_shipments / args.customers)
    made = orders_generate(actor=actor, per_customer=args.orders, seed=1, waiting_share=share)
    finished = time.perf_counter()
    seconds = finished - customers_done
    print(
        f"  orders: {made.orders:,} orders, {made.lines:,} lines, {made.shipments:,} "
        f"shipments ({made.waiting:,} waiting) in {seconds:.1f} s = "
        f"{made.orders / seconds:,.0f} orders/s, "
        f"{(made.orders + made.lines + made.shipments) / seconds:,.0f} rows/s",
        flush=True,
    )
    print(f"  peak memory after the orders: {_peak_memory_mib():.0f} MiB", flush=True)
    target = GENERATE_TARGET_SECONDS_PER_100K * args.customers / 100_000
    return Figure(
        f"generate {args.customers:,} customers x {args.orders} orders",
        finished - started,
        "s",
        target,
        False,
    )


# (b) Checkouts through the Paytrail simulator ----------------------------------------------


class Checkout:
    """One customer's whole purchase, as the shop and the browser would make it."""

    def __init__(self, simulator: Any, product_ids: list[int]) -> None:
        self.simulator = simulator
        self.product_ids = product_ids

    def __call__(self, customer: Any, rng: random.Random) -> None:
        from rekisteri.accounts.actors import customer_actor
        from rekisteri.audit.actors import Actor
        from rekisteri.orders.models import PaymentMethod
        from rekisteri.orders.services import CartLine, Delivery, order_place
        from rekisteri.payments.services import payment_confirm, payment_start

        actor = customer_actor(customer)
        cart = [
            CartLine(product_id, rng.randint(1, 2))
            for product_id in rng.sample(self.product_ids, rng.randint(1, 3))
        ]
        order = order_place(
            actor=actor,
            customer=customer,
            lines=cart,
            delivery=Delivery(
                first_name=customer.first_name,
                last_name=customer.last_name,
                street_address=customer.street_address,
                postal_code=customer.postal_code,
                city=customer.city,
                country=customer.country,
                phone=customer.phone,
            ),
            payment_method=PaymentMethod.PAYTRAIL,
            language=customer.preferred_language or "fi",
        )
        payment = payment_start(actor=actor, order=order)
        if not payment.transaction_id:
            raise SystemExit("bench: the simulator did not create the payment")
        redirect = self.simulator.pay(payment.transaction_id)
        params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(redirect).query))
        outcome = payment_confirm(actor=Actor.public(), params=params)
        if not outcome.order.is_paid:
            raise SystemExit("bench: a checkout did not end with a paid order")


def _run_checkouts(checkout: Checkout, customers: list[Any], threads: int) -> float:
    """Seconds for ``threads`` threads to check out ``customers`` between them."""
    from django.db import connection

    failures: list[BaseException] = []
    ready = threading.Barrier(threads + 1)

    def work(share: list[Any], seed: int) -> None:
        rng = random.Random(seed)
        try:
            ready.wait()
            for customer in share:
                checkout(customer, rng)
        except BaseException as failure:  # reported by the main thread
            failures.append(failure)
        finally:
            connection.close()

    workers = [
        threading.Thread(target=work, args=(customers[index::threads], index))
        for index in range(threads)
    ]
    for worker in workers:
        worker.start()
    ready.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    seconds = time.perf_counter() - started
    if failures:
        raise failures[0]
    return seconds


def checkouts(args: argparse.Namespace) -> list[Figure]:
    from django.conf import settings

    from rekisteri.customers.models import Customer
    from rekisteri.orders.models import Order, OrderStatus
    from rekisteri.payments.simulator import DEFAULT_MERCHANTS, start_simulator
    from rekisteri.shop.models import Product

    print(
        f"(b) checkouts through the Paytrail simulator: {args.checkouts} one after another, "
        f"then {args.checkouts} in {args.threads} threads",
        flush=True,
    )
    # Paytrail's published test account.
    [(merchant_id, secret_key)] = DEFAULT_MERCHANTS.items()
    simulator = start_simulator(merchants={merchant_id: secret_key})
    # The browser's return confirms each payment; no shop server runs to take a callback,
    # and one sent to REKISTERI_SITE_URL could reach someone's demo.
    simulator.faults.drop_callbacks = True
    settings.PAYTRAIL_API_URL = simulator.url
    settings.PAYTRAIL_MERCHANT_ID = merchant_id
    settings.PAYTRAIL_SECRET_KEY = secret_key
    # Enough stock that no checkout runs out (setup, not measured).
    Product.objects.filter(active=True).update(stock=10_000_000)
    product_ids = list(Product.objects.filter(active=True).values_list("pk", flat=True))
    checkout = Checkout(simulator, product_ids)
    buyers = list(Customer.objects.order_by("-pk")[: 2 * args.checkouts + 5])
    paid_before = Order.objects.filter(status=OrderStatus.PAID).count()
    figures = []
    try:
        # A few untimed checkouts load the code paths and templates first.
        _run_checkouts(checkout, buyers[-5:], 1)
        for threads, share in (
            (1, buyers[: args.checkouts]),
            (args.threads, buyers[args.checkouts : 2 * args.checkouts]),
        ):
            seconds = _run_checkouts(checkout, share, threads)
            rate = len(share) / seconds
            label = "one after another" if threads == 1 else f"{threads} threads"
            print(
                f"  {label}: {len(share)} checkouts in {seconds:.2f} s = {rate:.1f} orders/s, "
                f"{seconds / len(share) * 1000:.0f} ms each",
                flush=True,
            )
            figures.append(Figure(f"checkout, {label}", rate, "orders/s", CHECKOUT_TARGET, True))
    finally:
        simulator.shutdown()
    paid = Order.objects.filter(status=OrderStatus.PAID).count() - paid_before
    if paid != 2 * args.checkouts + 5:
        raise SystemExit(f"bench: {paid} orders were paid, not {2 * args.checkouts + 5}")
    return figures


# (c) The order history ---------------------------------------------------------------------


def _client(user: Any) -> Any:
    from django.test import Client

    # The host the development settings allow.
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    return client


def order_pages(args: argparse.Namespace) -> list[Figure]:
    from django.db.models import Count
    from django.urls import reverse

    from rekisteri.accounts.models import User
    from rekisteri.customers.models import Customer
    from rekisteri.orders.models import Order

    print(f"(c) order history and order page, {args.samples} customers", flush=True)
    with_orders = (
        Customer.objects.annotate(n=Count("orders"))
        .filter(n=args.orders, user=None)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ids = list(with_orders)
    step = max(1, len(ids) // args.samples)
    chosen = Customer.objects.filter(pk__in=ids[::step][: args.samples]).order_by("pk")
    # Each one is given an account to sign in with (setup, not measured).
    visits = []
    for customer in chosen:
        user = User.objects.create_user(customer.email, None)
        customer.user = user
        customer.save(update_fields=["user"])
        order = Order.objects.filter(customer=customer).order_by("?").first()
        assert order is not None
        visits.append((_client(user), reverse("orders:detail", args=[order.public_id])))
    if len(visits) < args.samples:
        raise SystemExit(f"bench: only {len(visits)} customers with {args.orders} orders")
    history = reverse("orders:my_orders")

    def get(client: Any, path: str) -> None:
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"bench: {path} answered {response.status_code}")

    for client, path in visits[:5]:  # untimed: templates and URL resolvers load
        get(client, history)
        get(client, path)
    return [
        _latencies(
            f"order history ({args.orders} orders)",
            visits,
            lambda visit: get(visit[0], history),
            PAGE_TARGET_MS,
        ),
        _latencies("order page", visits, lambda visit: get(*visit), PAGE_TARGET_MS),
    ]


# (d) The pick list -------------------------------------------------------------------------


def _open_shipments(count: int) -> None:
    """Exactly ``count`` shipments waiting, moving the fewest orders from delivered to paid
    or back (setup, not measured)."""
    from django.db import transaction
    from django.utils import timezone

    from rekisteri.orders.models import Order, OrderStatus, Shipment, ShipmentStatus

    waiting = Shipment.objects.filter(status=ShipmentStatus.WAITING, order__status=OrderStatus.PAID)
    have = waiting.count()
    with transaction.atomic():
        if have > count:
            extra = list(waiting.order_by("-pk").values_list("order_id", flat=True)[: have - count])
            Shipment.objects.filter(order_id__in=extra).update(
                status=ShipmentStatus.SHIPPED, shipped_at=timezone.now()
            )
            Order.objects.filter(pk__in=extra).update(status=OrderStatus.SHIPPED)
        elif have < count:
            latest = list(
                Order.objects.filter(status=OrderStatus.DELIVERED)
                .order_by("-placed_at")
                .values_list("pk", flat=True)[: count - have]
            )
            Order.objects.filter(pk__in=latest).update(status=OrderStatus.PAID)
            Shipment.objects.filter(order_id__in=latest).update(
                status=ShipmentStatus.WAITING,
                carrier="",
                tracking_code="",
                shipped_at=None,
                delivered_at=None,
            )
    if waiting.count() != count:
        raise SystemExit(f"bench: could not set up {count} open shipments")


def pick_list_page(args: argparse.Namespace) -> Figure:
    from django.urls import reverse

    from rekisteri.access.groups import role_group
    from rekisteri.access.roles import Role
    from rekisteri.accounts.models import User
    from rekisteri.orders.staff_views import PICK_LIST_PAGE

    print(
        f"(d) pick list with {args.open_shipments:,} open shipments "
        f"(the oldest {PICK_LIST_PAGE} shown)",
        flush=True,
    )
    _open_shipments(args.open_shipments)
    user = User.objects.create_user("varasto@example.test", None, is_staff=True)
    user.groups.add(role_group(Role.WAREHOUSE))
    client = _client(user)
    path = reverse("staff:orders_pick_list")

    def get(_item: object) -> None:
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"bench: the pick list answered {response.status_code}")
        # The page shows the oldest page of the backlog, and counts all of it.
        rows = response.content.count(b'<tr id="shipment-')
        if rows != min(args.open_shipments, PICK_LIST_PAGE):
            raise SystemExit(f"bench: the pick list showed {rows} rows")

    get(None)  # untimed
    return _latencies(
        f"pick list ({args.open_shipments:,} shipments)",
        list(range(args.pick_samples)),
        get,
        PICK_LIST_TARGET_MS,
    )


def run(args: argparse.Namespace) -> list[Figure]:
    # One INFO line per Paytrail call would bury the figures.
    logging.getLogger("rekisteri.payments").setLevel(logging.WARNING)
    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)
    figures = [generate(args)]
    figures += checkouts(args)
    figures += order_pages(args)
    figures.append(pick_list_page(args))
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)
    return figures


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=10, help="orders per customer")
    parser.add_argument("--checkouts", type=int, default=200, help="checkouts per run")
    parser.add_argument("--threads", type=int, default=2, help="threads of the concurrent run")
    parser.add_argument("--samples", type=int, default=200, help="order pages requested")
    parser.add_argument("--open-shipments", type=int, default=1_000)
    parser.add_argument("--pick-samples", type=int, default=50, help="pick lists requested")
    parser.add_argument("--quick", action="store_true", help="a small run to try the script")
    args = parser.parse_args(argv)
    if args.quick:
        args.customers, args.checkouts, args.samples, args.pick_samples = 2_000, 20, 50, 10
    for name in (
        "customers",
        "orders",
        "checkouts",
        "threads",
        "samples",
        "open_shipments",
        "pick_samples",
    ):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be positive")
    if args.open_shipments > args.customers:
        parser.error("--open-shipments can be at most --customers")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    run_on_throwaway_database(lambda: run(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``rekisteri generate_data --customers N [--orders-per-customer M] [--seed S]``: made-up
customers, and orders for them, for load tests."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rekisteri.audit.actors import Actor
from rekisteri.commands import OperatorCommand
from rekisteri.customers.models import Customer
from rekisteri.demo.generator import DEFAULT_SEED, MAX_CUSTOMERS, customers_generate
from rekisteri.demo.guard import is_production
from rekisteri.demo.order_generator import MAX_ORDERS_PER_CUSTOMER, orders_generate


class Command(OperatorCommand):
    summary = gettext_lazy(
        "Add made-up customers with Finnish names and addresses, and orders for them if "
        "asked, for load tests. The same seed gives the same people and orders."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--customers",
            type=int,
            required=True,
            metavar="N",
            help=_("how many customers to add"),
        )
        parser.add_argument(
            "--orders-per-customer",
            type=int,
            default=0,
            metavar="M",
            help=_("how many orders each new customer gets (default %(default)s)"),
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            metavar="S",
            help=_("seed of the generator (default %(default)s)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count, seed = options["customers"], options["seed"]
        per_customer = options["orders_per_customer"]
        if not 1 <= count <= MAX_CUSTOMERS:
            raise CommandError(
                _("--customers must be between 1 and %(max)d, not %(count)d")
                % {"max": MAX_CUSTOMERS, "count": count}
            )
        if not 0 <= per_customer <= MAX_ORDERS_PER_CUSTOMER:
            raise CommandError(
                _("--orders-per-customer must be between 0 and %(max)d, not %(count)d")
                % {"max": MAX_ORDERS_PER_CUSTOMER, "count": per_customer}
            )
        if is_production():
            raise CommandError(
                _(
                    "made-up customers do not belong in a production register; not run with "
                    "REKISTERI_ENV=production"
                )
            )
        actor = Actor.system("generate_data")
        started = time.monotonic()
        # The customers added now are those after the highest id there was before.
        before = Customer.objects.aggregate(last=Max("pk"))["last"] or 0
        made = customers_generate(actor=actor, count=count, seed=seed)
        self.stdout.write(
            _("Added %(count)d made-up customers (seed %(seed)d) in %(seconds).1f s.")
            % {"count": made, "seed": seed, "seconds": time.monotonic() - started}
        )
        if per_customer:
            started = time.monotonic()
            orders = orders_generate(
                actor=actor,
                per_customer=per_customer,
                customers=Customer.objects.filter(pk__gt=before),
                seed=seed,
            )
            self.stdout.write(
                _(
                    "Added %(orders)d made-up orders with %(lines)d lines, %(waiting)d of them "
                    "waiting to be shipped, in %(seconds).1f s."
                )
                % {
                    "orders": orders.orders,
                    "lines": orders.lines,
                    "waiting": orders.waiting,
                    "seconds": time.monotonic() - started,
                }
            )

"""``rekisteri generate_data --customers N [--seed S]``: made-up customers for load tests."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rekisteri.audit.actors import Actor
from rekisteri.commands import OperatorCommand
from rekisteri.demo.generator import DEFAULT_SEED, MAX_CUSTOMERS, customers_generate
from rekisteri.demo.guard import is_production


class Command(OperatorCommand):
    summary = gettext_lazy(
        "Add made-up customers with Finnish names and addresses, for load tests. The "
        "same seed gives the same people."
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
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            metavar="S",
            help=_("seed of the generator (default %(default)s)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count, seed = options["customers"], options["seed"]
        if not 1 <= count <= MAX_CUSTOMERS:
            raise CommandError(
                _("--customers must be between 1 and %(max)d, not %(count)d")
                % {"max": MAX_CUSTOMERS, "count": count}
            )
        if is_production():
            raise CommandError(
                _(
                    "made-up customers do not belong in a production register; not run with "
                    "REKISTERI_ENV=production"
                )
            )
        started = time.monotonic()
        made = customers_generate(actor=Actor.system("generate_data"), count=count, seed=seed)
        self.stdout.write(
            _("Added %(count)d made-up customers (seed %(seed)d) in %(seconds).1f s.")
            % {"count": made, "seed": seed, "seconds": time.monotonic() - started}
        )

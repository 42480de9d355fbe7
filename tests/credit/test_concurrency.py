"""Checkouts of the same customer at the same moment never together go over the limit: the
account row is locked when an invoice is issued and the limit is checked again."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import close_old_connections, connection, transaction

from rekisteri.accounts.actors import customer_actor
from rekisteri.credit.models import Invoice
from rekisteri.credit.selectors import credit_available
from rekisteri.credit.services import CreditRefused, credit_check, invoice_issue
from rekisteri.orders.models import Order
from tests.credit.conftest import invoice_order, make_registered_customer, open_account

pytestmark = pytest.mark.django_db(transaction=True)

CHECKOUTS = 6
LIMIT_CENTS = 100_00
EACH_CENTS = 30_00  # three fit under the limit, the fourth would not


def _run_at_once(work: Callable[[Order], None], orders: list[Order]) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(len(orders))

    def checkout(order: Order) -> None:
        try:
            start.wait(timeout=30)
            work(order)
        except BaseException as error:  # reported in the test's thread
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=checkout, args=(order,)) for order in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def test_concurrent_invoices_cannot_exceed_the_limit() -> None:
    customer = make_registered_customer()
    open_account(customer, LIMIT_CENTS)
    orders = [invoice_order(customer, EACH_CENTS) for _ in range(CHECKOUTS)]
    refused: list[int] = []

    def issue(order: Order) -> None:
        try:
            with transaction.atomic():
                invoice_issue(actor=customer_actor(customer), order=order)
        except CreditRefused:
            refused.append(order.pk)

    errors = _run_at_once(issue, orders)

    assert errors == []
    assert Invoice.objects.count() == LIMIT_CENTS // EACH_CENTS
    assert len(refused) == CHECKOUTS - LIMIT_CENTS // EACH_CENTS
    assert credit_available(customer).balance_cents <= LIMIT_CENTS


def test_concurrent_checkouts_that_check_first_still_stay_within_the_limit() -> None:
    customer = make_registered_customer()
    open_account(customer, LIMIT_CENTS)
    orders = [invoice_order(customer, EACH_CENTS) for _ in range(CHECKOUTS)]

    def checkout(order: Order) -> None:
        # As the checkout does it: the logged check, then the invoice, in one transaction.
        try:
            with transaction.atomic():
                decision = credit_check(
                    actor=customer_actor(customer), customer=customer, amount_cents=EACH_CENTS
                )
                if decision.allowed:
                    invoice_issue(actor=customer_actor(customer), order=order)
        except CreditRefused:
            pass

    errors = _run_at_once(checkout, orders)

    assert errors == []
    total = sum(Invoice.objects.values_list("amount_cents", flat=True))
    assert total <= LIMIT_CENTS
    assert Invoice.objects.count() == LIMIT_CENTS // EACH_CENTS

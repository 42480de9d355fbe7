"""Reads of credit data.

- ``credit_available(customer)``: the customer's credit as the checkout and My account see
  it (the customer's own data, so not audited);
- ``credit_of_customer(customer)``: everything on the customer's own credit page;
- ``credit_accounts_for_staff`` and ``credit_account_for_staff``: credit control's pages;
  each read is recorded in the audit log (categories, never values).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import models, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from rekisteri.access.policy import may_read, readable_fields
from rekisteri.audit.actors import Actor
from rekisteri.audit.services import EventSpec, audit_record_many
from rekisteri.credit.models import (
    CreditAccount,
    CreditCheck,
    Invoice,
    InvoiceStatus,
    PaymentDefault,
)
from rekisteri.customers.models import Customer
from rekisteri.privacy.datamap import datamap, purposes

ACCOUNTS_PER_PAGE = 50
# What credit control sees of the customer behind an account (as far as the map allows).
CUSTOMER_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "street_address",
    "postal_code",
    "city",
    "country",
)
LIST_CUSTOMER_FIELDS = ("first_name", "last_name")


@dataclass(frozen=True)
class CreditStatus:
    """A customer's credit now. ``available_cents`` is what an invoice purchase may come to
    (zero while a payment default marking is in force)."""

    has_account: bool
    limit_cents: int
    balance_cents: int
    available_cents: int
    has_default: bool

    def allows(self, amount_cents: int) -> bool:
        return self.has_account and not self.has_default and amount_cents <= self.available_cents


NO_ACCOUNT = CreditStatus(
    has_account=False, limit_cents=0, balance_cents=0, available_cents=0, has_default=False
)


def open_invoices(account: CreditAccount) -> QuerySet[Invoice]:
    return Invoice.objects.filter(account=account, status=InvoiceStatus.OPEN)


def balance_cents(account: CreditAccount) -> int:
    """What the account's open invoices still owe: amounts less payments and credit notes."""
    owed = open_invoices(account).aggregate(
        owed=Coalesce(
            Sum(F("amount_cents") - F("paid_cents") - F("credited_cents")),
            0,
            output_field=models.BigIntegerField(),
        )
    )["owed"]
    return int(owed)


def has_default_in_force(account: CreditAccount) -> bool:
    return PaymentDefault.objects.filter(account=account, cleared_on__isnull=True).exists()


def credit_status_of(account: CreditAccount) -> CreditStatus:
    balance = balance_cents(account)
    has_default = has_default_in_force(account)
    available = 0 if has_default else max(0, account.limit_cents - balance)
    return CreditStatus(
        has_account=True,
        limit_cents=account.limit_cents,
        balance_cents=balance,
        available_cents=available,
        has_default=has_default,
    )


def credit_account_of(customer: Customer) -> CreditAccount | None:
    return CreditAccount.objects.filter(customer=customer).first()


def credit_available(customer: Customer) -> CreditStatus:
    """The customer's credit: whether they have an account, its limit, balance and what is
    available, and whether a payment default marking is in force."""
    account = credit_account_of(customer)
    if account is None:
        return NO_ACCOUNT
    return credit_status_of(account)


# The customer's own page.


@dataclass(frozen=True)
class CustomerCredit:
    """Everything the customer is shown of their own credit."""

    account: CreditAccount | None
    status: CreditStatus
    invoices: list[Invoice]
    defaults: list[PaymentDefault]
    checks: list[CreditCheck]


def credit_of_customer(customer: Customer) -> CustomerCredit:
    account = credit_account_of(customer)
    checks = list(CreditCheck.objects.filter(customer=customer).order_by("-checked_at", "-pk"))
    if account is None:
        return CustomerCredit(None, NO_ACCOUNT, [], [], checks)
    return CustomerCredit(
        account=account,
        status=credit_status_of(account),
        invoices=_invoices_with_details(account),
        defaults=list(
            PaymentDefault.objects.filter(account=account)
            .select_related("invoice")
            .order_by("-marked_on", "-pk")
        ),
        checks=checks,
    )


def _invoices_with_details(account: CreditAccount) -> list[Invoice]:
    """Open invoices first (earliest due first), then settled ones, newest first."""
    queryset = Invoice.objects.filter(account=account).prefetch_related("payments", "credit_notes")
    open_ones = queryset.filter(status=InvoiceStatus.OPEN).order_by("due_on", "pk")
    settled = queryset.exclude(status=InvoiceStatus.OPEN).order_by("-issued_on", "-pk")
    return [*open_ones, *settled]


# Credit control's pages.


@dataclass(frozen=True)
class Shown:
    """A field the reader may see: its label and value."""

    name: str
    label: Any
    value: Any


@dataclass(frozen=True)
class AccountRow:
    account_id: int
    customer: list[Shown]
    limit_cents: int
    balance_cents: int
    overdue_count: int
    has_default: bool


@dataclass(frozen=True)
class StaffAccountView:
    account: CreditAccount
    customer: list[Shown]
    status: CreditStatus
    invoices: list[Invoice]
    defaults: list[PaymentDefault]
    checks: list[CreditCheck]
    today: datetime.date


def _require_reader(actor: Actor) -> None:
    if not may_read(actor.roles, CreditAccount, "limit_cents"):
        raise PermissionDenied(_("Your roles do not allow reading credit data."))


def _customer_fields(actor: Actor, names: tuple[str, ...]) -> list[str]:
    allowed = set(readable_fields(actor.roles, Customer))
    return [name for name in names if name in allowed]


def _shown(customer: Customer, names: list[str]) -> list[Shown]:
    return [
        Shown(
            name,
            getattr(Customer._meta.get_field(name), "verbose_name", name),
            getattr(customer, name),
        )
        for name in names
    ]


def _categories(customer_names: list[str]) -> list[str]:
    return sorted(
        {"user.financial.creditworthiness", *datamap.categories(Customer, customer_names)}
    )


def credit_accounts_for_staff(
    *, actor: Actor, page_number: Any = 1
) -> tuple[Page[Any], list[AccountRow]]:
    """One page of credit accounts: those with overdue invoices first, then by account."""
    _require_reader(actor)
    today = timezone.localdate()
    overdue = Q(invoices__status=InvoiceStatus.OPEN, invoices__due_on__lt=today)
    in_force = PaymentDefault.objects.filter(account=OuterRef("pk"), cleared_on__isnull=True)
    owed = Invoice.objects.filter(account=OuterRef("pk"), status=InvoiceStatus.OPEN)
    queryset = (
        CreditAccount.objects.select_related("customer")
        .annotate(
            overdue_count=Count("invoices", filter=overdue, distinct=True),
            has_default=Exists(in_force),
            has_open=Exists(owed),
        )
        .order_by(F("overdue_count").desc(), F("has_default").desc(), "-has_open", "pk")
    )
    page = Paginator(queryset, ACCOUNTS_PER_PAGE).get_page(page_number)
    names = _customer_fields(actor, LIST_CUSTOMER_FIELDS)
    rows = []
    for account in page.object_list:
        rows.append(
            AccountRow(
                account_id=account.pk,
                customer=_shown(account.customer, names),
                limit_cents=account.limit_cents,
                balance_cents=balance_cents(account),
                overdue_count=account.overdue_count,  # type: ignore[attr-defined]
                has_default=account.has_default,  # type: ignore[attr-defined]
            )
        )
    with transaction.atomic():
        audit_record_many(
            actor=actor,
            events=[
                EventSpec(
                    action="credit.read",
                    subject=str(account.customer.public_id),
                    categories=_categories(names),
                    purpose=purposes.CREDIT_MANAGEMENT.key,
                    detail={"account": account.pk, "view": "list"},
                )
                for account in page.object_list
            ],
        )
    return page, rows


def credit_account_for_staff(*, actor: Actor, account_id: int) -> StaffAccountView | None:
    """One account with its customer, invoices, markings and checks, or None when there is
    no such account. The read is recorded in the audit log."""
    _require_reader(actor)
    account = CreditAccount.objects.select_related("customer").filter(pk=account_id).first()
    if account is None:
        return None
    names = _customer_fields(actor, CUSTOMER_FIELDS)
    with transaction.atomic():
        view = StaffAccountView(
            account=account,
            customer=_shown(account.customer, names),
            status=credit_status_of(account),
            invoices=_invoices_with_details(account),
            defaults=list(
                PaymentDefault.objects.filter(account=account)
                .select_related("invoice")
                .order_by("-marked_on", "-pk")
            ),
            checks=list(
                CreditCheck.objects.filter(customer=account.customer).order_by("-checked_at", "-pk")
            ),
            today=timezone.localdate(),
        )
        audit_record_many(
            actor=actor,
            events=[
                EventSpec(
                    action="credit.read",
                    subject=str(account.customer.public_id),
                    categories=_categories(names),
                    purpose=purposes.CREDIT_MANAGEMENT.key,
                    detail={"account": account.pk, "view": "account"},
                )
            ],
        )
    return view


# Finding what a staff form acts on (nothing is shown, so nothing is audited).


def account_id_of_invoice(invoice_id: int) -> int | None:
    """The account of an invoice (None: no such invoice, or its person has been erased)."""
    return Invoice.objects.filter(pk=invoice_id).values_list("account_id", flat=True).first()


def account_id_of_default(default_id: int) -> int | None:
    return PaymentDefault.objects.filter(pk=default_id).values_list("account_id", flat=True).first()


def customer_of_account(account_id: int) -> Customer | None:
    return Customer.objects.filter(credit_account__pk=account_id).first()


def invoices_of_customer_for_staff(customer: Customer) -> QuerySet[Invoice]:
    """The customer's invoices, newest first, for the staff's customer card (which shows only
    the fields the reader may see and records the read)."""
    return Invoice.objects.filter(account__customer=customer).order_by("-issued_on", "-pk")

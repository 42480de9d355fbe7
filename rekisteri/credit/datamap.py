"""Credit in the data map (seed S9, L20, L23).

Three sub-registers, because each has its own retention rule counted from its own event:

- credit accounts and invoices: the account goes with the customer record; invoices, their
  payments and credit notes are accounting vouchers, kept without the link to the person
  when the person is erased, and removed whole when the bookkeeping period ends;
- credit checks: the log of each check with its purpose and source (L23);
- payment default markings.

The descriptions say where the credit data comes from, so the register description tells
customers before they buy on invoice that credit data is used and from where (L23).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.access.roles import Role
from rekisteri.credit.models import (
    CreditAccount,
    CreditCheck,
    CreditNote,
    Invoice,
    InvoicePayment,
    PaymentDefault,
)
from rekisteri.privacy.datamap import purposes
from rekisteri.privacy.datamap.automated import AUTOMATED_DECISIONS, AutomatedDecision
from rekisteri.privacy.datamap.registry import Personal, Subregister, datamap
from rekisteri.privacy.datamap.retention import (
    ACCOUNTING_VOUCHERS,
    after_event,
    after_relationship,
)
from rekisteri.privacy.datamap.vocabulary import DataSubject, Erasure, Source

CREDITWORTHINESS = "user.financial.creditworthiness"
PSEUDONYMOUS = "user.unique_id.pseudonymous"

CREDIT = Subregister(
    "credit",
    title=_("Credit accounts and invoices"),
    description=_(
        "For registered customers who buy on the shop's own invoice: the credit limit, the "
        "invoices with their due dates and payment references, the payments received and "
        "the credit notes for returned goods. The credit data comes only from the shop's "
        "own records of its invoices and the payments received for them; the shop uses no "
        "outside credit bureau and gives credit data to none."
    ),
    subjects=DataSubject.CUSTOMERS,
    purposes=(purposes.CREDIT_MANAGEMENT, purposes.ACCOUNTING),
    retention=ACCOUNTING_VOUCHERS,
    order=45,
)

CREDIT_CHECKS = Subregister(
    "credit_checks",
    title=_("Credit checks"),
    description=_(
        "Before an invoice purchase is allowed, the customer's credit is checked: the "
        "credit limit, what the open invoices still owe and whether a payment default "
        "marking is in force. The data for the check comes from the shop's own invoice and "
        "payment records, not from a credit bureau. Each check is logged with its time, "
        "the purchase amount, the outcome and its reason, the purpose and the source of the "
        "data."
    ),
    subjects=DataSubject.CUSTOMERS,
    purposes=(purposes.CREDIT_MANAGEMENT,),
    retention=after_event(
        key="credit_check",
        event=_("the credit check was made"),
        years=1,
        setting="REKISTERI_RETENTION_CREDIT_CHECK_YEARS",
        reason=_(
            "long enough for the customer to find out which checks were made and why, and "
            "for a refused purchase to be explained; issued invoices are kept as accounting "
            "records anyway"
        ),
    ),
    order=46,
)

PAYMENT_DEFAULTS = Subregister(
    "payment_defaults",
    title=_("Payment default markings"),
    description=_(
        "A marking made by credit control when an invoice is still unpaid after its due "
        "date, and when it was cleared. While a marking is in force, no new invoice "
        "purchase is allowed; settling the invoice clears it. The markings are the shop's "
        "own and are not reported to any credit bureau."
    ),
    subjects=DataSubject.CUSTOMERS,
    purposes=(purposes.CREDIT_MANAGEMENT,),
    retention=after_event(
        key="payment_default",
        event=_("the marking was cleared"),
        years=1,
        setting="REKISTERI_RETENTION_PAYMENT_DEFAULT_YEARS",
        reason=_("credit control considers recent payment history when setting a credit limit"),
    ),
    order=47,
)

_CREDIT_CONTROL = frozenset({Role.CREDIT_CONTROL})
_CREDIT_READ = frozenset({Role.CREDIT_CONTROL, Role.REGISTER_MANAGER})
# Customer service answers questions about invoices and handles returns of invoice purchases.
_INVOICE_READ = _CREDIT_READ | {Role.CUSTOMER_SERVICE}

# The account is the customer relationship's: it goes when the customer record goes.
_ACCOUNT_RETENTION = after_relationship(
    years=3,
    setting="REKISTERI_RETENTION_CUSTOMER_YEARS",
    reason=_("the general limitation period of claims, Act 728/2003"),
)


def _voucher(*, read: frozenset[Role] = _CREDIT_READ) -> Personal:
    """Part of an accounting voucher: kept, without the link to the person, on erasure."""
    return Personal(CREDITWORTHINESS, source=Source.RECORDED, erase=Erasure.KEEP, read=read)


def _credit(
    *, read: frozenset[Role] = _CREDIT_READ, write: frozenset[Role] = frozenset()
) -> Personal:
    return Personal(
        CREDITWORTHINESS, source=Source.RECORDED, erase=Erasure.DELETE, read=read, write=write
    )


def _link() -> Personal:
    return Personal(PSEUDONYMOUS, source=Source.RECORDED, erase=Erasure.DELETE, read=_CREDIT_READ)


datamap.register(
    CreditAccount,
    subregister=CREDIT,
    subject_path="customer",
    fields={
        "customer": Personal(
            PSEUDONYMOUS,
            source=Source.RECORDED,
            erase=Erasure.DELETE,
            read=_CREDIT_READ,
            retention=_ACCOUNT_RETENTION,
        ),
        "limit_cents": Personal(
            CREDITWORTHINESS,
            source=Source.RECORDED,
            erase=Erasure.DELETE,
            read=_CREDIT_READ,
            write=_CREDIT_CONTROL,
            retention=_ACCOUNT_RETENTION,
        ),
        "opened_on": Personal(
            CREDITWORTHINESS,
            source=Source.RECORDED,
            erase=Erasure.DELETE,
            read=_CREDIT_READ,
            retention=_ACCOUNT_RETENTION,
        ),
    },
)

datamap.register(
    Invoice,
    subregister=CREDIT,
    subject_path="account__customer",
    retention_from="issued_on",
    fields={
        "account": _link(),
        "number": _voucher(read=_INVOICE_READ),
        "reference": _voucher(read=_INVOICE_READ),
        "amount_cents": _voucher(read=_INVOICE_READ),
        "issued_on": _voucher(read=_INVOICE_READ),
        "due_on": _voucher(read=_INVOICE_READ),
        "status": _voucher(read=_INVOICE_READ),
        "settled_on": _voucher(read=_INVOICE_READ),
        "paid_cents": _voucher(),
        "credited_cents": _voucher(),
    },
    non_personal=["order"],
)

datamap.register(
    InvoicePayment,
    subregister=CREDIT,
    subject_path="invoice__account__customer",
    retention_from="invoice__issued_on",
    fields={name: _voucher() for name in ("amount_cents", "paid_on", "recorded_at")},
    non_personal=["invoice"],
)

datamap.register(
    CreditNote,
    subregister=CREDIT,
    subject_path="invoice__account__customer",
    retention_from="invoice__issued_on",
    fields={name: _voucher(read=_INVOICE_READ) for name in ("number", "amount_cents", "issued_on")},
    non_personal=["invoice"],
)

datamap.register(
    CreditCheck,
    subregister=CREDIT_CHECKS,
    subject_path="customer",
    retention_from="checked_at",
    fields={
        "customer": _link(),
        **{
            name: _credit()
            for name in ("checked_at", "amount_cents", "outcome", "reason", "purpose", "source")
        },
    },
)

datamap.register(
    PaymentDefault,
    subregister=PAYMENT_DEFAULTS,
    subject_path="account__customer",
    # A marking in force has no clearing date, so it is never removed while it matters.
    retention_from="cleared_on",
    fields={
        "account": _link(),
        "marked_on": _credit(write=_CREDIT_CONTROL),
        "cleared_on": _credit(write=_CREDIT_CONTROL),
        "cleared_because": _credit(),
    },
    non_personal=["invoice"],
)


# The checkout decides on an invoice purchase by itself (GDPR Art. 13(2)(f), 22).
INVOICE_PURCHASE_DECISION = AutomatedDecision(
    key="credit_check",
    description=_(
        "Invoice purchase: when a registered customer chooses to pay by the shop's own "
        "invoice, the register decides automatically whether it is allowed. It is allowed "
        "only if the customer has a credit account, no payment default marking is in force, "
        "and what the open invoices still owe plus the purchase stays within the credit "
        "limit set by credit control. A refusal only means paying in another way; the "
        "customer can ask customer service to have a person review the decision."
    ),
)
if INVOICE_PURCHASE_DECISION not in AUTOMATED_DECISIONS:
    AUTOMATED_DECISIONS.append(INVOICE_PURCHASE_DECISION)

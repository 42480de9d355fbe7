"""An unpaid invoice keeps what is needed to collect it when the person asks for erasure
(GDPR Art. 17(3)(e), L13): the partial refusal says why, and the rest is erased."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.credit.models import Invoice, InvoiceStatus
from rekisteri.customers.models import Customer
from rekisteri.privacy.erasure import Refusal

UNPAID_INVOICE = _(
    "An unpaid invoice is still open; the data needed to collect it is kept until it is paid."
)

# The account, its invoices, payments, credit notes and markings, the order the invoice is
# for (what was sold and where it went) and the customer's contact data. The log of credit
# checks is not needed to collect a debt, so it is erased.
KEPT_FOR_COLLECTION = frozenset(
    {
        "credit.CreditAccount",
        "credit.Invoice",
        "credit.InvoicePayment",
        "credit.CreditNote",
        "credit.PaymentDefault",
        "orders.Order",
        "customers.Customer",
    }
)


def unpaid_invoice_refusals(customer: Customer) -> list[Refusal]:
    """A refusal while any of the customer's invoices still owes something."""
    unpaid = customer_has_unpaid_invoice(customer)
    return [Refusal(reason=UNPAID_INVOICE, keep=KEPT_FOR_COLLECTION)] if unpaid else []


def customer_has_unpaid_invoice(customer: Customer) -> bool:
    # Open means something is still owed: payments and credit notes that cover the amount
    # settle the invoice.
    return Invoice.objects.filter(account__customer=customer, status=InvoiceStatus.OPEN).exists()

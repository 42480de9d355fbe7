"""The customer's own credit page in My account: the limit, balance and what is available,
the invoices with their due dates, references, payments and credit notes, payment default
markings and the credit checks made about them (L23)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from rekisteri.access.declared import customer_page
from rekisteri.consents.selectors import customer_of_user
from rekisteri.credit.models import Invoice
from rekisteri.credit.selectors import credit_of_customer


@dataclass(frozen=True)
class InvoiceRow:
    invoice: Invoice
    overdue: bool


# Visitors who have not signed in go to the customers' sign-in page, not the staff one.
@customer_page
@login_required(login_url="accounts:sign_in")
@never_cache
@require_GET
def my_credit(request: HttpRequest) -> HttpResponse:
    # Only ever the signed-in person's own record: nothing in the address picks a customer.
    customer = customer_of_user(request.user)
    if customer is None:
        raise Http404
    credit = credit_of_customer(customer)
    today = timezone.localdate()
    invoices = [InvoiceRow(invoice, invoice.is_overdue(today)) for invoice in credit.invoices]
    return render(request, "credit/my_credit.html", {"credit": credit, "invoices": invoices})

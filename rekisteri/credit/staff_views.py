"""Credit control's pages: the accounts (overdue ones first), one account with its invoices,
recording a payment, marking and clearing a payment default, setting a limit and opening an
account. Reads go through the audited selectors; every change through a service."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.credit.forms import LimitForm, OpenAccountForm, PaymentForm, add_service_error
from rekisteri.credit.models import Invoice, InvoiceStatus
from rekisteri.credit.selectors import (
    account_id_of_default,
    account_id_of_invoice,
    credit_account_for_staff,
    credit_accounts_for_staff,
    customer_of_account,
)
from rekisteri.credit.services import (
    credit_limit_set,
    invoice_payment_record,
    payment_default_clear,
    payment_default_mark,
)
from rekisteri.customers.selectors import customer_by_email
from rekisteri.responses import see_other
from rekisteri.staff.access import forbidden, role_required


@dataclass
class InvoiceRow:
    invoice: Invoice
    overdue: bool
    marked: bool  # a payment default marking is in force on it
    payment_form: PaymentForm | None  # None: settled, nothing to pay


def _account_url(account_id: int) -> str:
    return reverse("staff:credit_account", args=[account_id])


@require_GET
@role_required(Role.CREDIT_CONTROL)
def credit_accounts(request: HttpRequest) -> HttpResponse:
    page, rows = credit_accounts_for_staff(
        actor=Actor.for_staff(request.user), page_number=request.GET.get("page")
    )
    return render(request, "credit/staff/accounts.html", {"page": page, "rows": rows})


@require_http_methods(["GET", "POST"])
@role_required(Role.CREDIT_CONTROL)
def credit_account_open(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_open(request, OpenAccountForm())
    form = OpenAccountForm(request.POST)
    if not form.is_valid():
        return _render_open(request, form, status=400)
    customer = customer_by_email(form.cleaned_data["email"])
    if customer is None or customer.user_id is None:
        form.add_error(
            "email",
            _("No registered customer has this email address; invoice purchase needs an account."),
        )
        return _render_open(request, form, status=400)
    try:
        account = credit_limit_set(
            actor=Actor.for_staff(request.user), customer=customer, limit_cents=form.limit_cents()
        )
    except PermissionDenied:
        return forbidden(request)
    except ValidationError as error:
        add_service_error(form, error)
        return _render_open(request, form, status=400)
    messages.success(request, _("The credit limit has been set."))
    return see_other(_account_url(account.pk))


def _render_open(request: HttpRequest, form: OpenAccountForm, status: int = 200) -> HttpResponse:
    return render(request, "credit/staff/open.html", {"form": form}, status=status)


@require_GET
@role_required(Role.CREDIT_CONTROL)
def credit_account(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_account(request, pk)


@require_POST
@role_required(Role.CREDIT_CONTROL)
def credit_limit(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_of_account(pk)
    if customer is None:
        raise Http404
    form = LimitForm(request.POST, prefix="limit")
    if form.is_valid():
        try:
            credit_limit_set(
                actor=Actor.for_staff(request.user),
                customer=customer,
                limit_cents=form.limit_cents(),
            )
        except PermissionDenied:
            return forbidden(request)
        except ValidationError as error:
            add_service_error(form, error)
    if form.errors:
        return _render_account(request, pk, limit_form=form, status=400)
    messages.success(request, _("The credit limit has been changed."))
    return see_other(_account_url(pk))


@require_POST
@role_required(Role.CREDIT_CONTROL)
def credit_payment(request: HttpRequest, pk: int) -> HttpResponse:
    account_id = account_id_of_invoice(pk)
    if account_id is None:
        raise Http404
    form = _payment_form(pk, request.POST)
    if form.is_valid():
        try:
            invoice_payment_record(
                actor=Actor.for_staff(request.user),
                invoice_id=pk,
                amount_cents=form.amount_cents(),
                paid_on=form.cleaned_data["paid_on"],
            )
        except PermissionDenied:
            return forbidden(request)
        except ValidationError as error:
            add_service_error(form, error)
    if form.errors:
        return _render_account(request, account_id, payment_forms={pk: form}, status=400)
    messages.success(request, _("The payment has been recorded."))
    return see_other(_account_url(account_id))


@require_POST
@role_required(Role.CREDIT_CONTROL)
def credit_default_mark(request: HttpRequest, pk: int) -> HttpResponse:
    account_id = account_id_of_invoice(pk)
    if account_id is None:
        raise Http404
    try:
        payment_default_mark(actor=Actor.for_staff(request.user), invoice_id=pk)
    except PermissionDenied:
        return forbidden(request)
    except ValidationError as error:
        return _render_account(request, account_id, page_errors=error.messages, status=400)
    messages.success(request, _("The payment default has been marked."))
    return see_other(_account_url(account_id))


@require_POST
@role_required(Role.CREDIT_CONTROL)
def credit_default_clear(request: HttpRequest, pk: int) -> HttpResponse:
    account_id = account_id_of_default(pk)
    if account_id is None:
        raise Http404
    try:
        payment_default_clear(actor=Actor.for_staff(request.user), default_id=pk)
    except PermissionDenied:
        return forbidden(request)
    except ValidationError as error:
        return _render_account(request, account_id, page_errors=error.messages, status=400)
    messages.success(request, _("The payment default marking has been cleared."))
    return see_other(_account_url(account_id))


def _payment_form(invoice_id: int, data: Any = None) -> PaymentForm:
    # Each invoice has its own form on the page, so each needs its own field ids.
    return PaymentForm(data, prefix=f"invoice{invoice_id}")


def _render_account(
    request: HttpRequest,
    account_id: int,
    *,
    limit_form: LimitForm | None = None,
    payment_forms: dict[int, PaymentForm] | None = None,
    page_errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    try:
        view = credit_account_for_staff(actor=Actor.for_staff(request.user), account_id=account_id)
    except PermissionDenied:
        return forbidden(request)
    if view is None:
        raise Http404
    payment_forms = payment_forms or {}
    in_force = {d.invoice_id for d in view.defaults if d.in_force}
    rows = [
        InvoiceRow(
            invoice=invoice,
            overdue=invoice.is_overdue(view.today),
            marked=invoice.pk in in_force,
            payment_form=(
                payment_forms.get(invoice.pk, _payment_form(invoice.pk))
                if invoice.status == InvoiceStatus.OPEN
                else None
            ),
        )
        for invoice in view.invoices
    ]
    if limit_form is None:
        limit_form = LimitForm(
            prefix="limit", initial={"limit": Decimal(view.account.limit_cents) / 100}
        )
    has_errors = bool(
        page_errors or limit_form.errors or any(f.errors for f in payment_forms.values())
    )
    return render(
        request,
        "credit/staff/account.html",
        {
            "view": view,
            "rows": rows,
            "limit_form": limit_form,
            "page_errors": page_errors or [],
            "has_errors": has_errors,
        },
        status=status,
    )

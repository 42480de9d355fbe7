"""Staff pages of the data-subject request queue.

The register manager reads the queue and handles requests; customer service may also enter
a request received by phone, letter, email or in person (they answer the phone), and is then
sent back to an empty form: the queue itself is the register manager's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.customers.models import Customer
from rekisteri.customers.selectors import customer_by_email
from rekisteri.responses import see_other
from rekisteri.staff.access import forbidden, role_required
from rekisteri.subject_requests.deadlines import today
from rekisteri.subject_requests.forms import (
    CloseForm,
    ExecuteForm,
    ExtendForm,
    IdentityForm,
    NotesForm,
    ReceiveForm,
    add_service_error,
)
from rekisteri.subject_requests.models import RequestKind, RequestStatus, SubjectRequest
from rekisteri.subject_requests.selectors import (
    FILTERS,
    OPEN,
    queue_page_read,
    request_get,
    request_read,
)
from rekisteri.subject_requests.services import (
    ENTERING_ROLES,
    rectifiable_fields,
    request_close,
    request_execute,
    request_extend,
    request_identity_checked,
    request_notes_set,
    request_receive,
)

MANAGER = Role.REGISTER_MANAGER


@require_GET
@role_required(MANAGER)
def queue(request: HttpRequest) -> HttpResponse:
    status_filter = request.GET.get("tila", OPEN)
    filters = [(key, _filter_label(key)) for key in FILTERS]
    if status_filter not in FILTERS:
        return render(
            request,
            "subject_requests/queue.html",
            {"rows": [], "filters": filters, "current": OPEN, "bad_filter": True},
            status=400,
        )
    page, rows = queue_page_read(
        actor=Actor.for_staff(request.user),
        status_filter=status_filter,
        page_number=request.GET.get("page"),
    )
    return render(
        request,
        "subject_requests/queue.html",
        {"page": page, "rows": rows, "filters": filters, "current": status_filter},
    )


def _filter_label(key: str) -> Any:
    if key == OPEN:
        return _("Open")
    if key == "all":
        return _("All")
    return RequestStatus(key).label


@require_http_methods(["GET", "POST"])
@role_required(*ENTERING_ROLES)
def receive(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_receive(request, ReceiveForm(initial={"received_on": today()}))
    form = ReceiveForm(request.POST)
    if not form.is_valid():
        return _render_receive(request, form, status=400)
    customer = customer_by_email(form.cleaned_data["email"])
    if customer is None:
        form.add_error("email", _("No customer in the register has this email address."))
        return _render_receive(request, form, status=400)
    actor = Actor.for_staff(request.user)
    try:
        created = request_receive(
            actor=actor,
            customer=customer,
            kind=form.cleaned_data["kind"],
            channel=form.cleaned_data["channel"],
            received_on=form.cleaned_data["received_on"],
            identity_check_note=form.cleaned_data["identity_check_note"],
            staff_notes=form.cleaned_data["staff_notes"],
        )
    except PermissionDenied:
        return forbidden(request)
    except ValidationError as error:
        add_service_error(form, error)
        return _render_receive(request, form, status=400)
    messages.success(
        request,
        _("The request has been recorded; it is due by %(date)s.")
        % {"date": date_format(created.deadline, "SHORT_DATE_FORMAT")},
    )
    if actor.has_role(MANAGER):
        return see_other(reverse("staff:subject_requests_detail", args=[created.pk]))
    return see_other(reverse("staff:subject_requests_receive"))


def _render_receive(request: HttpRequest, form: ReceiveForm, status: int = 200) -> HttpResponse:
    return render(request, "subject_requests/receive.html", {"form": form}, status=status)


@require_GET
@role_required(MANAGER)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, pk)


def _render_detail(
    request: HttpRequest, pk: int, status: int = 200, **bound: forms.Form
) -> HttpResponse:
    actor = Actor.for_staff(request.user)
    view = request_read(actor=actor, pk=pk)
    if view is None:
        raise Http404
    subject_request = view.request
    rectifiable = (
        rectifiable_fields(actor=actor) if subject_request.kind == RequestKind.RECTIFICATION else []
    )
    context = {
        "view": view,
        "identity_form": bound.get("identity_form") or IdentityForm(),
        "extend_form": bound.get("extend_form") or ExtendForm(),
        "notes_form": bound.get("notes_form")
        or NotesForm(initial={"staff_notes": subject_request.staff_notes}),
        "execute_form": bound.get("execute_form") or ExecuteForm(rectifiable=rectifiable),
        "close_form": bound.get("close_form") or CloseForm(),
        "card_url": _card_url(subject_request.customer),
        "is_rectification": subject_request.kind == RequestKind.RECTIFICATION,
        "is_erasure": subject_request.kind == RequestKind.ERASURE,
        "is_download": subject_request.kind in {RequestKind.ACCESS, RequestKind.PORTABILITY},
        "may_execute": _may_execute(subject_request),
    }
    return render(request, "subject_requests/detail.html", context, status=status)


def _may_execute(subject_request: Any) -> bool:
    if not subject_request.is_open:
        return False
    if subject_request.status == RequestStatus.PARTLY_REFUSED:
        return bool(subject_request.kind == RequestKind.ERASURE)
    return subject_request.status in {RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS}


def _card_url(customer: Customer | None) -> str | None:
    """The customer card's address (by pseudonymous id), when the back office has one."""
    if customer is None:
        return None
    try:
        return reverse("staff:customers_card", args=[customer.public_id])
    except NoReverseMatch:
        return None


def _request_or_404(pk: int) -> Any:
    subject_request = request_get(pk)
    if subject_request is None:
        raise Http404
    return subject_request


def _detail_url(pk: int) -> str:
    return reverse("staff:subject_requests_detail", args=[pk])


def _change(
    request: HttpRequest,
    pk: int,
    form: forms.Form,
    form_name: str,
    change: Callable[[Actor, SubjectRequest, dict[str, Any]], Any],
    done: Callable[[Any], str],
) -> HttpResponse:
    """The common shape of the request page's forms: a valid form goes to its service; a
    refusal from either comes back to the page with a 400, and nothing is saved."""
    subject_request = _request_or_404(pk)
    if form.is_valid():
        try:
            result = change(Actor.for_staff(request.user), subject_request, form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, done(result))
            return see_other(_detail_url(pk))
    return _render_detail(request, pk, 400, **{form_name: form})


@require_POST
@role_required(MANAGER)
def identity(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        IdentityForm(request.POST),
        "identity_form",
        lambda actor, subject_request, data: request_identity_checked(
            actor=actor, request=subject_request, note=data["identity_check_note"]
        ),
        lambda _result: _("The identity check has been recorded."),
    )


@require_POST
@role_required(MANAGER)
def extend(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        ExtendForm(request.POST),
        "extend_form",
        lambda actor, subject_request, data: request_extend(
            actor=actor,
            request=subject_request,
            months=data["months"],
            reason=data["reason"],
            informed_at=data["informed_at"],
        ),
        lambda extended: (
            _("The deadline has been extended to %(date)s.")
            % {"date": date_format(extended.deadline, "SHORT_DATE_FORMAT")}
        ),
    )


@require_POST
@role_required(MANAGER)
def notes(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        NotesForm(request.POST),
        "notes_form",
        lambda actor, subject_request, data: request_notes_set(
            actor=actor, request=subject_request, notes=data["staff_notes"]
        ),
        lambda _result: _("The notes have been saved."),
    )


@require_POST
@role_required(MANAGER)
def execute(request: HttpRequest, pk: int) -> HttpResponse:
    subject_request = _request_or_404(pk)
    actor = Actor.for_staff(request.user)
    rectifiable = (
        rectifiable_fields(actor=actor) if subject_request.kind == RequestKind.RECTIFICATION else []
    )
    form = ExecuteForm(request.POST, rectifiable=rectifiable)
    if not form.is_valid():
        return _render_detail(request, pk, 400, execute_form=form)
    try:
        execution = request_execute(
            actor=actor,
            request=subject_request,
            rectified=form.rectified(),
            note=form.cleaned_data["note"],
        )
    except PermissionDenied:
        return forbidden(request)
    except ValidationError as error:
        add_service_error(form, error)
        return _render_detail(request, pk, 400, execute_form=form)
    if execution.package is not None:
        response = HttpResponse(
            json.dumps(execution.package, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="tietopyynto-{pk}.json"'
        return response
    if execution.erasure is not None and execution.erasure.partial:
        messages.warning(
            request,
            _(
                "Part of the erasure was refused; the request stays open and can be carried "
                "out again once the reason is gone."
            ),
        )
    else:
        messages.success(request, _("The request has been carried out."))
    return see_other(_detail_url(pk))


@require_POST
@role_required(MANAGER)
def close(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        CloseForm(request.POST),
        "close_form",
        lambda actor, subject_request, data: request_close(
            actor=actor, request=subject_request, outcome=data["outcome"], note=data["note"]
        ),
        lambda _result: _("The request has been closed."),
    )

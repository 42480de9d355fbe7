"""The register manager's pages for authority requests: the list, recording one, one
request with its approval, and downloading an approved disclosure package.

Only register managers reach these pages; the services check the role again, and that the
approver is not the person who recorded the request.
"""

from __future__ import annotations

import json
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.audit.denials import access_denied_record
from rekisteri.authority_requests.forms import RecordForm, ReviewForm
from rekisteri.authority_requests.selectors import (
    authority_request_get,
    authority_request_package_read,
    authority_request_page_read,
    authority_request_read,
)
from rekisteri.authority_requests.services import (
    authority_request_approve,
    authority_request_record,
    authority_request_reject,
)
from rekisteri.feedback.forms import add_service_error
from rekisteri.responses import see_other
from rekisteri.staff.access import forbidden, role_required


@require_GET
@role_required(Role.REGISTER_MANAGER)
def request_list(request: HttpRequest) -> HttpResponse:
    page, rows = authority_request_page_read(
        actor=Actor.for_staff(request.user), page_number=request.GET.get("page")
    )
    return render(request, "authority_requests/list.html", {"page": page, "rows": rows})


@require_http_methods(["GET", "POST"])
@role_required(Role.REGISTER_MANAGER)
def request_record(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "authority_requests/record.html", {"form": RecordForm()})
    form = RecordForm(request.POST)
    if not form.is_valid():
        return render(request, "authority_requests/record.html", {"form": form}, status=400)
    try:
        created = authority_request_record(actor=Actor.for_staff(request.user), **form.values())
    except PermissionDenied:
        return forbidden(request)
    except ValidationError as error:
        add_service_error(form, error)
        return render(request, "authority_requests/record.html", {"form": form}, status=400)
    messages.success(
        request, _("The request has been recorded. Another register manager must now approve it.")
    )
    return see_other(reverse("staff:authority_requests_detail", args=[created.public_id]))


@require_GET
@role_required(Role.REGISTER_MANAGER)
def request_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _render_detail(request, public_id, ReviewForm())


@require_POST
@role_required(Role.REGISTER_MANAGER)
def request_approve(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _review(request, public_id, approve=True)


@require_POST
@role_required(Role.REGISTER_MANAGER)
def request_reject(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _review(request, public_id, approve=False)


@require_GET
@role_required(Role.REGISTER_MANAGER)
def request_package(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    found = authority_request_get(public_id)
    if found is None or not found.package_available:
        raise Http404
    package = authority_request_package_read(actor=Actor.for_staff(request.user), request=found)
    response = HttpResponse(
        json.dumps(package, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    # The file is named by the request's pseudonymous id, never the person or the case.
    response["Content-Disposition"] = f'attachment; filename="luovutus-{found.public_id}.json"'
    return response


def _review(request: HttpRequest, public_id: uuid.UUID, *, approve: bool) -> HttpResponse:
    found = authority_request_get(public_id)
    if found is None:
        raise Http404
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, public_id, form, status=400)
    actor = Actor.for_staff(request.user)
    try:
        if approve:
            authority_request_approve(actor=actor, request=found, note=form.cleaned_data["note"])
        else:
            authority_request_reject(actor=actor, request=found, note=form.cleaned_data["note"])
    except PermissionDenied as denied:
        access_denied_record(request)
        return render(
            request, "authority_requests/denied.html", {"message": str(denied)}, status=403
        )
    except ValidationError as error:
        add_service_error(form, error)
        return _render_detail(request, public_id, form, status=400)
    if approve:
        messages.success(request, _("The request has been approved."))
    else:
        messages.success(request, _("Approval has been refused; nothing was disclosed."))
    return see_other(reverse("staff:authority_requests_detail", args=[public_id]))


def _render_detail(
    request: HttpRequest, public_id: uuid.UUID, form: ReviewForm, status: int = 200
) -> HttpResponse:
    actor = Actor.for_staff(request.user)
    view = authority_request_read(actor=actor, public_id=public_id)
    if view is None:
        raise Http404
    return render(
        request,
        "authority_requests/detail.html",
        {
            "view": view,
            "form": form,
            "may_review": view.request.awaiting_approval and view.request.recorded_by != actor.ref,
            "recorded_by_me": view.request.recorded_by == actor.ref,
        },
        status=status,
    )

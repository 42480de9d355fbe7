"""The register manager's audit review (L24): search the log, page through the result, export
it as CSV, and check the hash chain.

The search form posts (it may carry an email address, which is turned into the customer's
pseudonymous id at once); the results live at an address with ids and codes only, so paging,
bookmarks and the export link carry nothing personal.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.audit.forms import FILTERS, AuditSearchForm, query_params
from rekisteri.audit.selectors import audit_chain_check, audit_export, audit_search
from rekisteri.responses import see_other
from rekisteri.staff.access import role_required

AUDIT_REVIEWERS = (Role.REGISTER_MANAGER,)


def _searching(request: HttpRequest) -> bool:
    return any(name in request.GET for name in FILTERS)


@require_http_methods(["GET", "POST"])
@role_required(*AUDIT_REVIEWERS)
def audit_review(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = AuditSearchForm(request.POST, allow_email=True)
        if not form.is_valid():
            return _render(request, form, status=400)
        address = reverse("staff:audit_review") + "?" + urlencode(query_params(form.query()))
        return see_other(address)
    if not _searching(request):
        return _render(request, AuditSearchForm(allow_email=True))
    form = AuditSearchForm(request.GET, allow_email=False)
    if not form.is_valid():
        return _render(request, form, status=400)
    query = form.query()
    result = audit_search(
        actor=Actor.for_staff(request.user), query=query, page_number=request.GET.get("page")
    )
    params = urlencode(query_params(query))
    return _render(request, form, result=result, params=params)


def _render(
    request: HttpRequest, form: AuditSearchForm, status: int = 200, **context: object
) -> HttpResponse:
    return render(request, "audit/review.html", {"form": form, **context}, status=status)


class _Echo:
    """csv.writer writes into this, which hands each line back to the stream."""

    def write(self, value: str) -> str:
        return value


@require_GET
@role_required(*AUDIT_REVIEWERS)
def audit_export_view(request: HttpRequest) -> HttpResponseBase:
    form = AuditSearchForm(request.GET, allow_email=False)
    if not form.is_valid():
        return _render(request, form, status=400)
    rows = audit_export(actor=Actor.for_staff(request.user), query=form.query())
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@role_required(*AUDIT_REVIEWERS)
def audit_verify_view(request: HttpRequest) -> HttpResponse:
    result = audit_chain_check(actor=Actor.for_staff(request.user))
    if result.ok:
        messages.success(
            request,
            _("The audit log is intact: %(count)d entries checked.") % {"count": result.checked},
        )
    else:
        messages.error(
            request,
            _("The audit log is broken at entry %(n)s: %(problem)s")
            % {"n": result.bad_sequence, "problem": result.problem},
        )
    return see_other(reverse("staff:audit_review"))

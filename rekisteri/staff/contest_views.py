"""Staff pages for contests: list, create, edit, entries and the winner draw.

Marketing and the register manager run contests; customer service also sees the entries, to
contact the winners. Which entrant fields each role sees comes from the data map.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rekisteri.access.roles import Role, roles_of
from rekisteri.audit.actors import Actor
from rekisteri.contests.forms import ContestForm, DrawForm, add_service_error
from rekisteri.contests.models import Contest
from rekisteri.contests.selectors import (
    contest_entries_read,
    contest_get,
    contest_list_for_staff,
    contest_winners_read,
)
from rekisteri.contests.services import (
    CONTEST_MANAGERS,
    contest_create,
    contest_draw,
    contest_update,
)
from rekisteri.responses import see_other
from rekisteri.staff.access import forbidden, role_required

CONTEST_VIEWERS = (*CONTEST_MANAGERS, Role.CUSTOMER_SERVICE)


def _is_manager(request: HttpRequest) -> bool:
    return bool(roles_of(request.user) & CONTEST_MANAGERS)


def _contest_or_404(pk: int) -> Contest:
    contest = contest_get(pk)
    if contest is None:
        raise Http404
    return contest


@require_GET
@role_required(*CONTEST_VIEWERS)
def contest_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "staff/contests/list.html",
        {"contests": contest_list_for_staff(), "is_manager": _is_manager(request)},
    )


@require_http_methods(["GET", "POST"])
@role_required(*CONTEST_MANAGERS)
def contest_create_view(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_form(request, ContestForm(), None)
    form = ContestForm(request.POST)
    if not form.is_valid():
        return _render_form(request, form, None, status=400)
    try:
        contest = contest_create(actor=Actor.for_staff(request.user), values=form.values())
    except PermissionDenied:
        return forbidden(request)
    except ValidationError as error:
        add_service_error(form, error)
        return _render_form(request, form, None, status=400)
    messages.success(request, _("The contest has been created."))
    return see_other(reverse("staff:contest_entries", args=[contest.pk]))


@require_http_methods(["GET", "POST"])
@role_required(*CONTEST_MANAGERS)
def contest_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest_or_404(pk)
    if request.method != "POST":
        return _render_form(request, ContestForm(instance=contest), contest)
    # The form validates a copy, so the contest passed to the service is still as stored.
    form = ContestForm(request.POST, instance=_contest_or_404(pk))
    if not form.is_valid():
        return _render_form(request, form, contest, status=400)
    try:
        contest_update(actor=Actor.for_staff(request.user), contest=contest, values=form.values())
    except PermissionDenied:
        return forbidden(request)
    except ValidationError as error:
        add_service_error(form, error)
        return _render_form(request, form, contest, status=400)
    messages.success(request, _("The contest has been saved."))
    return see_other(reverse("staff:contest_entries", args=[contest.pk]))


@require_GET
@role_required(*CONTEST_VIEWERS)
def contest_entries_view(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest_or_404(pk)
    return _render_entries(request, contest, DrawForm())


@require_POST
@role_required(*CONTEST_MANAGERS)
def contest_draw_view(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest_or_404(pk)
    form = DrawForm(request.POST)
    if not form.is_valid():
        return _render_entries(request, contest, form, status=400)
    try:
        winners = contest_draw(
            actor=Actor.for_staff(request.user), contest=contest, count=form.cleaned_data["count"]
        )
    except PermissionDenied:
        return forbidden(request)
    except ValidationError as error:
        add_service_error(form, error)
        return _render_entries(request, contest, form, status=400)
    messages.success(
        request,
        ngettext(
            "%(count)d winner has been drawn.", "%(count)d winners have been drawn.", len(winners)
        )
        % {"count": len(winners)},
    )
    return see_other(reverse("staff:contest_entries", args=[contest.pk]))


def _render_form(
    request: HttpRequest, form: ContestForm, contest: Contest | None, status: int = 200
) -> HttpResponse:
    return render(
        request, "staff/contests/form.html", {"form": form, "contest": contest}, status=status
    )


def _render_entries(
    request: HttpRequest, contest: Contest, draw_form: DrawForm, status: int = 200
) -> HttpResponse:
    actor = Actor.for_staff(request.user)
    entries = contest_entries_read(
        actor=actor, contest=contest, page_number=request.GET.get("page")
    )
    winners = contest_winners_read(actor=actor, contest=contest)
    return render(
        request,
        "staff/contests/entries.html",
        {
            "contest": contest,
            "entries": entries,
            "winners": winners,
            "draw_form": draw_form,
            "is_manager": _is_manager(request),
        },
        status=status,
    )

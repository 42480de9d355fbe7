"""The public contest pages: the open contests, one contest with its entry form, thanks.

No login (S2): anyone may enter. Bad input gets its message at the field and a 400.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rekisteri.audit.actors import Actor
from rekisteri.consents.models import MarketingChannel
from rekisteri.consents.selectors import permission_text_current
from rekisteri.contests.forms import EntryForm, add_service_error
from rekisteri.contests.models import Contest
from rekisteri.contests.selectors import contest_get_public, contests_open
from rekisteri.contests.services import contest_enter
from rekisteri.responses import see_other


@login_not_required
@require_GET
def contest_list(request: HttpRequest) -> HttpResponse:
    return render(request, "contests/list.html", {"contests": contests_open()})


@login_not_required
@require_http_methods(["GET", "POST"])
def contest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contest = contest_get_public(pk)
    if contest is None:
        raise Http404
    text = permission_text_current(MarketingChannel.EMAIL, get_language() or "fi")
    if request.method != "POST":
        return _render(request, contest, EntryForm(contest=contest, permission_text=text))
    form = EntryForm(request.POST, contest=contest, permission_text=text)
    if not contest.is_open():
        form.add_error(None, _closed_error())
        return _render(request, contest, form, status=400)
    if not form.is_valid():
        return _render(request, contest, form, status=400)
    try:
        contest_enter(actor=Actor.public(), contest=contest, **form.values())
    except ValidationError as error:
        add_service_error(form, error)
        return _render(request, contest, form, status=400)
    return see_other(reverse("contests:entered", args=[contest.pk]))


@login_not_required
@require_GET
def contest_entered(request: HttpRequest, pk: int) -> HttpResponse:
    contest = contest_get_public(pk)
    if contest is None:
        raise Http404
    return render(request, "contests/entered.html", {"contest": contest})


def _closed_error() -> ValidationError:
    return ValidationError(_("This contest is not open for entries."), code="closed")


def _render(
    request: HttpRequest, contest: Contest, form: EntryForm, status: int = 200
) -> HttpResponse:
    context = {
        "contest": contest,
        "form": form,
        "is_open": contest.is_open(),
        "permission_text": form.permission_text,
    }
    return render(request, "contests/detail.html", context, status=status)

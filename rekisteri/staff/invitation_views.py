"""The invitation link: a new staff member sets their password here.

The link's token is in the URL (it is random and names no one); only its hash is stored. A
link that is unknown, used or expired gets a page saying so and a 4xx.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from rekisteri.access.declared import signed_link
from rekisteri.accounts.forms import NewPasswordForm
from rekisteri.audit.actors import Actor
from rekisteri.responses import see_other
from rekisteri.staff.credentials import invitation_problem, token_hash
from rekisteri.staff.models import StaffInvitation
from rekisteri.staff.second_factor import second_factor_exempt
from rekisteri.staff.selectors import invitation_by_token
from rekisteri.staff.services import (
    InvitationProblem,
    invitation_refusal_record,
    staff_invitation_accept,
)

_PROBLEM_STATUS = {"unknown": 404, "used": 410, "expired": 410}


@second_factor_exempt
@never_cache
@require_http_methods(["GET", "POST"])
@signed_link
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_by_token(token_hash(token))
    problem = invitation_problem(invitation)
    if problem:
        return _problem(request, problem, invitation)
    if request.user.is_authenticated:
        return render(request, "staff/invitation/signed_in.html", status=403)
    assert invitation is not None
    if request.method != "POST":
        return _render(request, NewPasswordForm(user=invitation.user))
    form = NewPasswordForm(request.POST, user=invitation.user)
    if not form.is_valid():
        return _render(request, form, status=400)
    try:
        staff_invitation_accept(
            actor=Actor.public(), token=token, password=form.cleaned_data["password"]
        )
    except InvitationProblem as error:
        return _problem(request, error.kind, invitation)
    except ValidationError as error:
        form.add_error("password", error)
        return _render(request, form, status=400)
    messages.success(
        request,
        _(
            "Your password has been set. Sign in with it; next you take an authenticator app "
            "into use."
        ),
    )
    return see_other(reverse("staff:login"))


def _render(request: HttpRequest, form: NewPasswordForm, status: int = 200) -> HttpResponse:
    return render(request, "staff/invitation/accept.html", {"form": form}, status=status)


def _problem(request: HttpRequest, kind: str, invitation: StaffInvitation | None) -> HttpResponse:
    invitation_refusal_record(actor=Actor.public(), kind=kind, invitation=invitation)
    return render(
        request,
        "staff/invitation/problem.html",
        {"kind": kind},
        status=_PROBLEM_STATUS.get(kind, 400),
    )

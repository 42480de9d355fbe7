"""The administrator's staff account pages: the list, a new account (by invitation), and one
account's roles, disabling and enabling, a new invitation, and resetting a lost second factor.

Only rows of staff members are shown, and of them only the address, roles and state: the
administrator reads no customer data here.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.responses import see_other
from rekisteri.staff.access import forbidden, role_required
from rekisteri.staff.forms import RolesForm, StaffAccountCreateForm
from rekisteri.staff.selectors import StaffAccountRow, staff_account_get, staff_account_list
from rekisteri.staff.services import (
    staff_disable,
    staff_enable,
    staff_invitation_resend,
    staff_invite,
    staff_roles_set,
    staff_second_factor_reset,
)


def _account_or_404(public_id: UUID) -> StaffAccountRow:
    row = staff_account_get(str(public_id))
    if row is None:
        raise Http404
    return row


def _detail_url(row: StaffAccountRow) -> str:
    return reverse("staff:staff_account", args=[row.user.public_id])


@require_GET
@role_required(Role.ADMINISTRATOR)
def account_list(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/accounts/list.html", {"rows": staff_account_list()})


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def account_create(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_create(request, StaffAccountCreateForm())
    form = StaffAccountCreateForm(request.POST)
    if not form.is_valid():
        return _render_create(request, form, status=400)
    try:
        invitation = staff_invite(
            actor=Actor.for_staff(request.user),
            email=form.cleaned_data["email"],
            roles=form.chosen_roles(),
        )
    except PermissionDenied:
        return forbidden(request)
    except ValidationError as error:
        form.add_error("email", error)
        return _render_create(request, form, status=400)
    messages.success(
        request,
        _("The account has been created and an invitation link emailed to the address."),
    )
    return see_other(reverse("staff:staff_account", args=[invitation.user.public_id]))


def _render_create(
    request: HttpRequest, form: StaffAccountCreateForm, status: int = 200
) -> HttpResponse:
    return render(request, "staff/accounts/create.html", {"form": form}, status=status)


@require_GET
@role_required(Role.ADMINISTRATOR)
def account_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    row = _account_or_404(public_id)
    form = RolesForm(initial={"roles": [role.value for role in row.roles]})
    return _render_detail(request, row, form)


def _render_detail(
    request: HttpRequest,
    row: StaffAccountRow,
    form: RolesForm,
    status: int = 200,
    errors: list[str] | None = None,
) -> HttpResponse:
    context = {
        "row": row,
        "form": form,
        "is_self": row.user.pk == request.user.pk,
        "errors": errors or [],
    }
    return render(request, "staff/accounts/detail.html", context, status=status)


@require_POST
@role_required(Role.ADMINISTRATOR)
def account_roles(request: HttpRequest, public_id: UUID) -> HttpResponse:
    row = _account_or_404(public_id)
    form = RolesForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, row, form, status=400)
    try:
        staff_roles_set(
            actor=Actor.for_staff(request.user), user=row.user, roles=form.chosen_roles()
        )
    except PermissionDenied:
        return forbidden(request)
    except ValidationError as error:
        form.add_error(None, error)
        return _render_detail(request, row, form, status=400)
    messages.success(request, _("The roles have been saved. They apply from the next page."))
    return see_other(_detail_url(row))


def _state_change(request: HttpRequest, public_id: UUID, action: str) -> HttpResponse:
    row = _account_or_404(public_id)
    actor = Actor.for_staff(request.user)
    try:
        if action == "disable":
            ended = staff_disable(actor=actor, user=row.user)
            message = ngettext(
                "The account has been disabled and %(count)d session ended.",
                "The account has been disabled and %(count)d sessions ended.",
                ended,
            ) % {"count": ended}
        elif action == "enable":
            staff_enable(actor=actor, user=row.user)
            message = _("The account has been enabled.")
        elif action == "invite":
            staff_invitation_resend(actor=actor, user=row.user)
            message = _("A new invitation link has been emailed. Earlier links no longer work.")
        else:
            staff_second_factor_reset(actor=actor, user=row.user)
            message = _(
                "The authenticator and recovery codes have been removed. The person takes a "
                "new authenticator into use at their next sign-in."
            )
    except PermissionDenied:
        return forbidden(request)
    except ValidationError as error:
        form = RolesForm(initial={"roles": [role.value for role in row.roles]})
        return _render_detail(request, row, form, status=400, errors=error.messages)
    messages.success(request, message)
    return see_other(_detail_url(row))


@require_POST
@role_required(Role.ADMINISTRATOR)
def account_disable(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _state_change(request, public_id, "disable")


@require_POST
@role_required(Role.ADMINISTRATOR)
def account_enable(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _state_change(request, public_id, "enable")


@require_POST
@role_required(Role.ADMINISTRATOR)
def account_invite(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _state_change(request, public_id, "invite")


@require_POST
@role_required(Role.ADMINISTRATOR)
def account_second_factor_reset(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _state_change(request, public_id, "reset")

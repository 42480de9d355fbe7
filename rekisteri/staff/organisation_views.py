"""The administrator's organisation settings page (seed S1, S5, S6)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.organisation.forms import OrganisationSettingsForms
from rekisteri.organisation.selectors import organisation_get
from rekisteri.organisation.services import organisation_update
from rekisteri.responses import see_other
from rekisteri.staff.access import forbidden, role_required

TEMPLATE = "organisation/settings.html"


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def organisation_settings(request: HttpRequest) -> HttpResponse:
    current = organisation_get()
    if request.method != "POST":
        return _render(request, OrganisationSettingsForms.unbound(current))
    forms = OrganisationSettingsForms.bound(request.POST, current)
    if not forms.is_valid():
        return _render(request, forms, status=400)
    try:
        organisation_update(
            actor=Actor.for_staff(request.user),
            values=forms.values(),
            opening_hours=forms.opening_hours(),
        )
    except PermissionDenied:
        # The role was taken away between the check above and the save.
        return forbidden(request)
    except ValidationError as error:
        forms.add_service_error(error)
        return _render(request, forms, status=400)
    messages.success(request, _("The organisation settings have been saved."))
    return see_other(reverse("staff:organisation"))


def _render(
    request: HttpRequest, forms: OrganisationSettingsForms, status: int = 200
) -> HttpResponse:
    return render(request, TEMPLATE, {"forms": forms}, status=status)

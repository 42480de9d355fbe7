"""Staff sign-in (the password step), sign-out and the back office's front page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator

from rekisteri.access.roles import Role, roles_of
from rekisteri.accounts.forms import throttled
from rekisteri.audit.actors import Actor
from rekisteri.staff.access import staff_required
from rekisteri.staff.forms import StaffAuthenticationForm
from rekisteri.staff.menu import menu_for
from rekisteri.staff.second_factor import second_factor_exempt
from rekisteri.staff.services import sign_in_throttled_record


@method_decorator(login_not_required, name="dispatch")
class StaffLoginView(auth_views.LoginView):
    """The password step. Django's ``login`` gives the session a new key; the second step
    (``second_factor_views``) follows before any staff page opens."""

    template_name = "staff/login.html"
    authentication_form = throttled(StaffAuthenticationForm)
    redirect_authenticated_user = True

    def form_invalid(self, form: Any) -> HttpResponse:
        # A failed sign-in is bad input: say so with a 4xx, like every other form here (400,
        # as the customers' sign-in answers, also when throttled). A wrong password is audited
        # by the throttle's service; a refusal for too many failures here.
        if form.has_error(NON_FIELD_ERRORS, "throttled"):
            sign_in_throttled_record(actor=Actor.public())
        return self.render_to_response(self.get_context_data(form=form), status=400)


logout_view = second_factor_exempt(auth_views.LogoutView.as_view())


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    return render(
        request,
        "staff/home.html",
        {
            "roles": [role for role in Role if role in roles],  # in the order declared
            "sections": menu_for(roles),
        },
    )

"""Staff sign-in and the back office's front page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator

from rekisteri.access.roles import Role, roles_of
from rekisteri.accounts.forms import throttled
from rekisteri.staff.access import staff_required
from rekisteri.staff.forms import StaffAuthenticationForm
from rekisteri.staff.menu import menu_for


@method_decorator(login_not_required, name="dispatch")
class StaffLoginView(auth_views.LoginView):
    template_name = "staff/login.html"
    authentication_form = throttled(StaffAuthenticationForm)
    redirect_authenticated_user = True

    def form_invalid(self, form: Any) -> HttpResponse:
        # A failed sign-in is bad input: say so with a 4xx, like every other form here.
        return self.render_to_response(self.get_context_data(form=form), status=400)


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

"""Staff sign-in and the back office's front page."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator

from rekisteri.access.roles import roles_of


@method_decorator(login_not_required, name="dispatch")
class StaffLoginView(auth_views.LoginView):
    template_name = "staff/login.html"
    redirect_authenticated_user = True


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/home.html", {"roles": sorted(roles_of(request.user))})

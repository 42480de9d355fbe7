"""The public account pages: registration, email confirmation links, customer sign-in and
sign-out, and password reset. My account's pages are in ``my_account_views``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rekisteri import responses
from rekisteri.access.declared import signed_link
from rekisteri.accounts import services
from rekisteri.accounts.actors import customer_actor
from rekisteri.accounts.forms import (
    CustomerSignInForm,
    EmailForm,
    NewPasswordForm,
    RegistrationForm,
)
from rekisteri.accounts.links import LinkError, LinkProblem
from rekisteri.accounts.selectors import customer_of, email_confirmation_for, password_reset_user
from rekisteri.accounts.services import EmailTakenError
from rekisteri.audit.actors import Actor
from rekisteri.customers.services import customer_touch


def see_other(url_name: str) -> HttpResponseRedirect:
    """The 303 redirect to one of the site's named pages."""
    return responses.see_other(reverse(url_name))


def add_service_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """Show the site in the person's preferred language from now on (as set_language does)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


# Registration and email confirmation.


@login_not_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if customer_of(request.user) is not None:
        return see_other("accounts:my_account")
    language = translation.get_language() or settings.LANGUAGE_CODE
    if request.method != "POST":
        return _render_registration(request, RegistrationForm(language=language))
    form = RegistrationForm(request.POST, language=language)
    if not form.is_valid():
        return _render_registration(request, form, status=400)
    try:
        services.account_register(actor=Actor.public(), **form.registration())
    except ValidationError as error:
        add_service_errors(form, error)
        return _render_registration(request, form, status=400)
    # The same page whether the address was new or already had an account.
    return see_other("accounts:register_done")


def _render_registration(
    request: HttpRequest, form: RegistrationForm, status: int = 200
) -> HttpResponse:
    return render(request, "accounts/register.html", {"form": form}, status=status)


@login_not_required
@require_http_methods(["GET"])
def register_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/register_done.html")


@signed_link
@login_not_required
@require_http_methods(["GET", "POST"])
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button and POST confirms: mail scanners that open links must not use
    up the single use."""
    try:
        confirmation = email_confirmation_for(token)
        if request.method != "POST":
            return render(request, "accounts/email_confirm.html", {"purpose": confirmation.purpose})
        services.email_confirm(actor=Actor.public(), token=token)
    except LinkError as error:
        return link_problem(request, error.problem)
    except EmailTakenError:
        return render(request, "accounts/email_taken.html", status=409)
    return see_other("accounts:email_confirmed")


@login_not_required
@require_http_methods(["GET"])
def email_confirmed(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/email_confirmed.html")


def link_problem(request: HttpRequest, problem: LinkProblem) -> HttpResponse:
    return render(
        request,
        "accounts/link_problem.html",
        {"problem": problem, "message": problem.label},
        status=problem.status,
    )


# Sign-in and sign-out.


@method_decorator(login_not_required, name="dispatch")
class CustomerSignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = CustomerSignInForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if customer_of(request.user) is not None:
            return HttpResponseRedirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def get_default_redirect_url(self) -> str:
        return reverse("accounts:my_account")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        customer = customer_of(form.get_user())
        assert customer is not None  # the form lets only customers through
        customer_touch(actor=customer_actor(customer), customer=customer)
        set_language_cookie(response, customer.preferred_language)
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        throttled = any(e.code == "throttled" for e in form.non_field_errors().as_data())
        # A failed sign-in is bad input (400); one refused for too many failures is 429.
        return self.render_to_response(
            self.get_context_data(form=form), status=429 if throttled else 400
        )


@login_not_required
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("You have signed out."))
    return see_other("accounts:sign_in")


# Password reset.


@login_not_required
@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_reset(request, EmailForm())
    form = EmailForm(request.POST)
    if not form.is_valid():
        return _render_reset(request, form, status=400)
    services.password_reset_request(actor=Actor.public(), email=form.cleaned_data["email"])
    # The same page whether or not the address has an account.
    return see_other("accounts:password_reset_sent")


def _render_reset(request: HttpRequest, form: EmailForm, status: int = 200) -> HttpResponse:
    return render(request, "accounts/password_reset.html", {"form": form}, status=status)


@login_not_required
@require_http_methods(["GET"])
def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_sent.html")


@signed_link
@login_not_required
@require_http_methods(["GET", "POST"])
def password_reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = password_reset_user(uidb64, token)
    if user is None:
        return link_problem(request, LinkProblem.RESET_INVALID)
    if request.method != "POST":
        return _render_new_password(request, NewPasswordForm(user=user))
    form = NewPasswordForm(request.POST, user=user)
    if not form.is_valid():
        return _render_new_password(request, form, status=400)
    try:
        services.password_reset_complete(
            actor=Actor.public(), uidb64=uidb64, token=token, password=form.cleaned_data["password"]
        )
    except LinkError as error:
        return link_problem(request, error.problem)
    except ValidationError as error:
        add_service_errors(form, error)
        return _render_new_password(request, form, status=400)
    messages.success(request, _("Your password has been changed. Sign in with the new one."))
    return see_other("accounts:sign_in")


def _render_new_password(
    request: HttpRequest, form: NewPasswordForm, status: int = 200
) -> HttpResponse:
    return render(request, "accounts/password_reset_confirm.html", {"form": form}, status=status)

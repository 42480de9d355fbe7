"""My account: the hub that lists every app's section, and the accounts app's own sections
(profile, email address, password). Customers only; each page acts on the signed-in person's
own data and nothing else."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rekisteri.accounts import services
from rekisteri.accounts.access import customer_required
from rekisteri.accounts.actors import customer_actor
from rekisteri.accounts.forms import EmailChangeForm, PasswordChangeForm, ProfileForm
from rekisteri.accounts.models import User
from rekisteri.accounts.sections import my_account_sections
from rekisteri.accounts.selectors import email_change_pending
from rekisteri.accounts.views import add_service_errors, see_other, set_language_cookie
from rekisteri.consents.selectors import email_is_confirmed
from rekisteri.customers.models import Customer


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # customer_required let only customers in
    return user


@require_http_methods(["GET"])
@customer_required
def my_account(request: HttpRequest, customer: Customer) -> HttpResponse:
    return render(
        request,
        "accounts/my_account.html",
        {
            "customer": customer,
            "sections": my_account_sections.all(),
            "email_confirmed": email_is_confirmed(customer),
            "email_change_pending": email_change_pending(_user(request)),
        },
    )


@require_http_methods(["GET", "POST"])
@customer_required
def profile(request: HttpRequest, customer: Customer) -> HttpResponse:
    if request.method != "POST":
        return _render(request, "accounts/profile.html", ProfileForm(instance=customer))
    # Validated on a fresh instance: the customer record is changed only by the service.
    form = ProfileForm(request.POST)
    if not form.is_valid():
        return _render(request, "accounts/profile.html", form, status=400)
    try:
        services.profile_update(actor=customer_actor(customer), customer=customer, **form.changes())
    except ValidationError as error:
        add_service_errors(form, error)
        return _render(request, "accounts/profile.html", form, status=400)
    messages.success(request, _("Your details have been saved."))
    response = see_other("accounts:profile")
    set_language_cookie(response, customer.preferred_language)
    return response


@require_http_methods(["GET", "POST"])
@customer_required
def email_change(request: HttpRequest, customer: Customer) -> HttpResponse:
    user = _user(request)
    if request.method != "POST":
        return _render(request, "accounts/email_change.html", EmailChangeForm(user=user))
    form = EmailChangeForm(request.POST, user=user)
    if not form.is_valid():
        return _render(request, "accounts/email_change.html", form, status=400)
    try:
        services.email_change_request(
            actor=customer_actor(customer), user=user, new_email=form.cleaned_data["email"]
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _render(request, "accounts/email_change.html", form, status=400)
    messages.success(
        request,
        _(
            "We have sent a link to the new address. Your address changes when you open it; "
            "until then you sign in with the current one."
        ),
    )
    return see_other("accounts:my_account")


@require_POST
@customer_required
def email_confirmation_resend(request: HttpRequest, customer: Customer) -> HttpResponse:
    if services.email_confirmation_resend(actor=customer_actor(customer), user=_user(request)):
        messages.success(request, _("We have sent you a new confirmation link."))
    else:
        messages.info(request, _("Your email address is already confirmed."))
    return see_other("accounts:my_account")


@require_http_methods(["GET", "POST"])
@customer_required
def password_change(request: HttpRequest, customer: Customer) -> HttpResponse:
    user = _user(request)
    if request.method != "POST":
        return _render(request, "accounts/password_change.html", PasswordChangeForm(user=user))
    form = PasswordChangeForm(request.POST, user=user)
    if not form.is_valid():
        return _render(request, "accounts/password_change.html", form, status=400)
    try:
        services.password_change(
            actor=customer_actor(customer), user=user, password=form.cleaned_data["password"]
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _render(request, "accounts/password_change.html", form, status=400)
    # Keep this browser signed in; every other session of the account ends.
    update_session_auth_hash(request, user)
    messages.success(request, _("Your password has been changed."))
    return see_other("accounts:my_account")


def _render(request: HttpRequest, template: str, form: object, status: int = 200) -> HttpResponse:
    return render(request, template, {"form": form}, status=status)

"""The second sign-in step: the code page, taking an authenticator into use, and new
recovery codes.

These pages are open to a staff member who has passed the password step but not yet this
one (``second_factor_exempt``); everything else of the back office waits behind them.
"""

from __future__ import annotations

import time

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from rekisteri.accounts.models import User
from rekisteri.audit.actors import Actor
from rekisteri.demo.logins import demo_code_hint
from rekisteri.organisation.selectors import organisation_get
from rekisteri.responses import see_other
from rekisteri.staff import sealing, totp
from rekisteri.staff.access import staff_required
from rekisteri.staff.forms import CodeForm, EnrolmentForm
from rekisteri.staff.second_factor import ENROLMENT, has_passed, mark_passed, second_factor_exempt
from rekisteri.staff.selectors import has_authenticator, recovery_codes_left
from rekisteri.staff.services import (
    CodeThrottled,
    recovery_codes_renew,
    second_factor_check,
    totp_enrol,
)
from rekisteri.staff.sessions import staff_session_cycle


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("staff:home")


def _with_next(url_name: str, request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next")
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': wanted})}" if wanted else url


def _throttled_message(error: CodeThrottled) -> str:
    minutes = max(1, -(-int(error.wait.total_seconds()) // 60))
    return ngettext(
        "Too many wrong codes. Try again in %(minutes)d minute.",
        "Too many wrong codes. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def _passed(request: HttpRequest, user: User) -> None:
    # Passing the second step raises what the session may do: give it a new key, as the
    # password step did.
    staff_session_cycle(request)
    mark_passed(request.session, user)


def _gate(request: HttpRequest) -> HttpResponse | None:
    """Where a request that does not belong on the second step's pages goes instead."""
    if has_passed(request.session, request.user):
        return see_other(_next(request))
    return None


@second_factor_exempt
@require_http_methods(["GET", "POST"])
@staff_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """The code page, after the password step."""
    gate = _gate(request)
    if gate is not None:
        return gate
    user = request.user
    assert isinstance(user, User)
    if not has_authenticator(user):
        return see_other(_with_next("staff:second_factor_enrol", request))
    if request.method != "POST":
        return _render_code(request, user, CodeForm())
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _render_code(request, user, form, status=400)
    try:
        method = second_factor_check(
            actor=Actor.for_staff(user), user=user, code=form.cleaned_data["code"], now=time.time()
        )
    except CodeThrottled as error:
        form.add_error(None, _throttled_message(error))
        return _render_code(request, user, form, status=429)
    except ValidationError:
        form.add_error(
            "code", _("The code is not right. Type the code the app shows now, or a recovery code.")
        )
        return _render_code(request, user, form, status=400)
    _passed(request, user)
    if method == "recovery_code":
        left = recovery_codes_left(user)
        messages.warning(
            request,
            ngettext(
                "You signed in with a recovery code. %(count)d recovery code is left.",
                "You signed in with a recovery code. %(count)d recovery codes are left.",
                left,
            )
            % {"count": left},
        )
    return see_other(_next(request))


def _render_code(
    request: HttpRequest, user: User, form: CodeForm, status: int = 200
) -> HttpResponse:
    context = {"form": form, "next": _next(request), "demo_code": demo_code_hint(user)}
    return render(request, "staff/second_factor/code.html", context, status=status)


@second_factor_exempt
@require_http_methods(["GET", "POST"])
@staff_required
def second_factor_enrol(request: HttpRequest) -> HttpResponse:
    """First sign-in: take an authenticator app into use, then see the recovery codes once."""
    gate = _gate(request)
    if gate is not None:
        return gate
    user = request.user
    assert isinstance(user, User)
    if has_authenticator(user):
        return see_other(_with_next("staff:second_factor", request))
    secret = _enrolment_secret(request)
    if request.method != "POST":
        return _render_enrol(request, user, secret, EnrolmentForm())
    form = EnrolmentForm(request.POST)
    if not form.is_valid():
        return _render_enrol(request, user, secret, form, status=400)
    try:
        codes = totp_enrol(
            actor=Actor.for_staff(user),
            user=user,
            secret=secret,
            code=form.cleaned_data["code"],
            now=time.time(),
        )
    except CodeThrottled as error:
        form.add_error(None, _throttled_message(error))
        return _render_enrol(request, user, secret, form, status=429)
    except ValidationError as error:
        form.add_error("code", error)
        return _render_enrol(request, user, secret, form, status=400)
    _passed(request, user)
    # Shown in this response and nowhere else: the codes are kept only as hashes.
    return _render_codes(request, codes)


def _enrolment_secret(request: HttpRequest) -> bytes:
    """The secret being enrolled: made at the first visit and kept, sealed, in the session
    until confirmed, so a reload shows the same QR code."""
    sealed = request.session.get(ENROLMENT)
    if isinstance(sealed, str):
        try:
            return sealing.unseal(sealed)
        except sealing.SealBroken:
            pass
    secret = totp.new_secret()
    request.session[ENROLMENT] = sealing.seal(secret)
    return secret


def _render_enrol(
    request: HttpRequest, user: User, secret: bytes, form: EnrolmentForm, status: int = 200
) -> HttpResponse:
    organisation = organisation_get()
    issuer = organisation.name if organisation is not None and organisation.name else "Rekisteri"
    uri = totp.provisioning_uri(secret, account=user.email, issuer=issuer)
    plain = totp.base32_secret(secret)
    context = {
        "form": form,
        "next": _next(request),
        "secret": " ".join(plain[i : i + 4] for i in range(0, len(plain), 4)),
        "uri": uri,
        "demo_code": demo_code_hint(user, secret),
        "qr_svg": segno.make(uri, error="m").svg_inline(
            scale=4, title=_("QR code of the authenticator key")
        ),
    }
    return render(request, "staff/second_factor/enrol.html", context, status=status)


def _render_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    return render(
        request, "staff/second_factor/recovery_codes.html", {"codes": codes, "next": _next(request)}
    )


@require_http_methods(["GET", "POST"])
@staff_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """How many recovery codes are left, and ten new ones on request."""
    user = request.user
    assert isinstance(user, User)
    if request.method != "POST":
        return render(
            request, "staff/second_factor/recovery_status.html", {"left": recovery_codes_left(user)}
        )
    codes = recovery_codes_renew(actor=Actor.for_staff(user), user=user)
    return _render_codes(request, codes)

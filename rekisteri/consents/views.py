"""The person's own pages: My account's marketing permissions, and the unsubscribe link.

Withdrawing takes exactly as many steps as giving (L8): one button on My account, one click
on the link in a message (or none at all: mail clients post to the link themselves, RFC 8058).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from rekisteri.access.declared import customer_page, signed_link
from rekisteri.accounts.actors import customer_actor
from rekisteri.audit.actors import Actor
from rekisteri.consents.forms import (
    CONSENT_FORM,
    FORM_FIELD,
    GRANT,
    SWITCH_FORM,
    ConsentChangeForm,
    SwitchChangeForm,
)
from rekisteri.consents.models import ChangeSource, MarketingChannel, PrivacySwitch
from rekisteri.consents.selectors import (
    consent_history,
    consent_states,
    customer_by_public_id,
    customer_of_user,
    email_is_confirmed,
    is_marketing_prohibited,
    is_restricted,
    permission_text_current,
    privacy_switch_history,
)
from rekisteri.consents.services import (
    consent_grant,
    consent_withdraw,
    marketing_prohibition_set,
    restriction_set,
)
from rekisteri.consents.unsubscribe import unsubscribe_token_read
from rekisteri.customers.models import Customer
from rekisteri.responses import see_other

MY_PERMISSIONS_TEMPLATE = "consents/my_permissions.html"

# Whole sentences per channel, so that each language can word them its own way.
CHANNEL_TITLES = {
    MarketingChannel.EMAIL: gettext_lazy("Marketing by email"),
    MarketingChannel.SMS: gettext_lazy("Marketing by text message"),
    MarketingChannel.POST: gettext_lazy("Marketing by post"),
}
GRANT_BUTTONS = {
    MarketingChannel.EMAIL: gettext_lazy("Allow marketing by email"),
    MarketingChannel.SMS: gettext_lazy("Allow marketing by text message"),
    MarketingChannel.POST: gettext_lazy("Allow marketing by post"),
}
WITHDRAW_BUTTONS = {
    MarketingChannel.EMAIL: gettext_lazy("Withdraw permission for email"),
    MarketingChannel.SMS: gettext_lazy("Withdraw permission for text messages"),
    MarketingChannel.POST: gettext_lazy("Withdraw permission for post"),
}
GRANTED_MESSAGES = {
    MarketingChannel.EMAIL: gettext_lazy("Thank you: you have allowed marketing by email."),
    MarketingChannel.SMS: gettext_lazy("Thank you: you have allowed marketing by text message."),
    MarketingChannel.POST: gettext_lazy("Thank you: you have allowed marketing by post."),
}
WITHDRAWN_MESSAGES = {
    MarketingChannel.EMAIL: gettext_lazy("You will no longer receive marketing by email."),
    MarketingChannel.SMS: gettext_lazy("You will no longer receive marketing by text message."),
    MarketingChannel.POST: gettext_lazy("You will no longer receive marketing by post."),
}
UNSUBSCRIBE_QUESTIONS = {
    MarketingChannel.EMAIL: gettext_lazy("Do you want to stop receiving marketing email from us?"),
    MarketingChannel.SMS: gettext_lazy(
        "Do you want to stop receiving marketing text messages from us?"
    ),
    MarketingChannel.POST: gettext_lazy("Do you want to stop receiving marketing by post from us?"),
}
SWITCH_MESSAGES = {
    (PrivacySwitch.MARKETING_PROHIBITION, True): gettext_lazy(
        "Direct marketing is now prohibited: we send you none by any channel."
    ),
    (PrivacySwitch.MARKETING_PROHIBITION, False): gettext_lazy(
        "The prohibition of direct marketing has been lifted."
    ),
    (PrivacySwitch.RESTRICTION, True): gettext_lazy(
        "The processing of your data is now restricted."
    ),
    (PrivacySwitch.RESTRICTION, False): gettext_lazy(
        "The restriction of processing has been lifted."
    ),
}


def _own_customer(request: HttpRequest) -> Customer:
    """The signed-in person's customer record; an account without one (staff) has no such
    page."""
    customer = customer_of_user(request.user)
    if customer is None:
        raise Http404
    return customer


# Visitors who have not signed in go to the customers' sign-in page (LoginRequiredMiddleware
# reads it from the view), not the staff one.
@customer_page
@login_required(login_url="accounts:sign_in")
@never_cache
@require_http_methods(["GET", "POST"])
def my_permissions(request: HttpRequest) -> HttpResponse:
    customer = _own_customer(request)
    if request.method != "POST":
        return _render_my_permissions(request, customer)
    # Each button posts one small form, named by its "form" field.
    kind = request.POST.get(FORM_FIELD)
    if kind == CONSENT_FORM:
        return _change_consent(request, customer)
    if kind == SWITCH_FORM:
        return _change_switch(request, customer)
    return _render_my_permissions(
        request, customer, page_error=_("The change could not be read."), status=400
    )


def _change_consent(request: HttpRequest, customer: Customer) -> HttpResponse:
    form = ConsentChangeForm(request.POST)
    if not form.is_valid():
        return _render_my_permissions(request, customer, consent_form=form, status=400)
    actor, channel = customer_actor(customer), form.chosen_channel
    try:
        if form.cleaned_data["change"] == GRANT:
            consent_grant(
                actor=actor,
                customer=customer,
                channel=channel,
                source=ChangeSource.PROFILE,
                text_version=form.cleaned_data["text_version"],
            )
            messages.success(request, GRANTED_MESSAGES[channel])
        else:
            consent_withdraw(
                actor=actor, customer=customer, channel=channel, source=ChangeSource.PROFILE
            )
            messages.success(request, WITHDRAWN_MESSAGES[channel])
    except ValidationError as error:
        form.add_error(None, error)
        return _render_my_permissions(request, customer, consent_form=form, status=400)
    return see_other(reverse("consents:my_permissions"))


def _change_switch(request: HttpRequest, customer: Customer) -> HttpResponse:
    form = SwitchChangeForm(request.POST)
    if not form.is_valid():
        return _render_my_permissions(
            request, customer, page_error=_("The change could not be read."), status=400
        )
    actor, switch, enabled = customer_actor(customer), form.chosen_switch, form.enabled
    if switch == PrivacySwitch.MARKETING_PROHIBITION:
        change = marketing_prohibition_set(
            actor=actor, customer=customer, prohibited=enabled, source=ChangeSource.PROFILE
        )
    else:
        change = restriction_set(
            actor=actor, customer=customer, restricted=enabled, source=ChangeSource.PROFILE
        )
    if change is not None:
        messages.success(request, SWITCH_MESSAGES[(switch, enabled)])
    return see_other(reverse("consents:my_permissions"))


def _render_my_permissions(
    request: HttpRequest,
    customer: Customer,
    *,
    consent_form: ConsentChangeForm | None = None,
    page_error: str | None = None,
    status: int = 200,
) -> HttpResponse:
    language = (get_language() or "fi").split("-")[0]
    error_channel = None
    channel_errors: list[str] = []
    if consent_form is not None and consent_form.errors:
        channel_errors = [str(e) for errors in consent_form.errors.values() for e in errors]
        posted = consent_form.data.get("channel")
        if posted in MarketingChannel.values:
            error_channel = posted
        else:
            page_error = " ".join(channel_errors)
    channels = []
    for state in consent_states(customer):
        current_text = permission_text_current(state.channel, language)
        latest = state.latest
        granted_text = latest.text_version if latest is not None and latest.granted else None
        channels.append(
            {
                "channel": state.channel.value,
                "title": CHANNEL_TITLES[state.channel],
                "state": state,
                # What the person agreed to, or what they would agree to now.
                "shown_text": granted_text or current_text,
                "current_text": current_text,
                "button": (WITHDRAW_BUTTONS if state.granted else GRANT_BUTTONS)[state.channel],
                "errors": channel_errors if error_channel == state.channel.value else [],
            }
        )
    context: dict[str, Any] = {
        "channels": channels,
        "email_confirmed": email_is_confirmed(customer),
        "prohibited": is_marketing_prohibited(customer),
        "restricted": is_restricted(customer),
        "history": consent_history(customer),
        "switch_history": privacy_switch_history(customer),
        "page_error": page_error,
        "has_errors": bool(page_error or channel_errors),
        "error_channel": error_channel,
        "PROHIBITION": PrivacySwitch.MARKETING_PROHIBITION.value,
        "RESTRICTION": PrivacySwitch.RESTRICTION.value,
    }
    return render(request, MY_PERMISSIONS_TEMPLATE, context, status=status)


# The unsubscribe link. Public, and exempt from CSRF: a mail client's one-click POST
# (RFC 8058) carries no cookie and no token. The signed token in the URL is the proof; only
# POST changes anything, so link scanners that fetch the page withdraw nothing.


@signed_link
@login_not_required
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    target = unsubscribe_token_read(token)
    if target is None:
        return render(request, "consents/unsubscribe_invalid.html", status=400)
    context = {
        "question": UNSUBSCRIBE_QUESTIONS[target.channel],
        "done": WITHDRAWN_MESSAGES[target.channel],
    }
    if request.method != "POST":
        return render(request, "consents/unsubscribe_confirm.html", context)
    customer = customer_by_public_id(target.public_id)
    # A person erased from the register gets the same answer: they receive nothing.
    if customer is not None:
        consent_withdraw(
            actor=Actor.public(),
            customer=customer,
            channel=target.channel,
            source=ChangeSource.UNSUBSCRIBE_LINK,
        )
    # No redirect: RFC 8058 clients do not follow one.
    return render(request, "consents/unsubscribe_done.html", context)

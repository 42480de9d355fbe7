"""Marketing's staff pages: the figures and the export, and email campaigns.

Marketing (and the register manager) see figures only, never a person. The export and the
campaigns are marketing's alone. The export is a POST with the CSRF token, never a link that
a browser, a crawler or a prefetch could open by itself.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.consents.models import MarketingChannel
from rekisteri.marketing.export import marketing_export_stream
from rekisteri.marketing.forms import CampaignForm, ExportForm
from rekisteri.marketing.models import Campaign, CampaignStatus
from rekisteri.marketing.selectors import (
    campaign_delivery_counts,
    campaign_get,
    campaign_list,
    campaign_preview_count,
    marketing_figures,
)
from rekisteri.marketing.services import campaign_create, campaign_send_order
from rekisteri.responses import see_other
from rekisteri.staff.access import forbidden, role_required

FIGURE_READERS = (Role.MARKETING, Role.REGISTER_MANAGER)


@require_GET
@role_required(*FIGURE_READERS)
def overview(request: HttpRequest) -> HttpResponse:
    return _render_overview(request, ExportForm())


def _render_overview(request: HttpRequest, form: ExportForm, status: int = 200) -> HttpResponse:
    context = {
        "figures": marketing_figures(),
        "form": form,
        "channels": list(MarketingChannel),
        "may_export": Role.MARKETING in Actor.for_staff(request.user).roles,
    }
    return render(request, "marketing/overview.html", context, status=status)


@require_POST
@never_cache
@role_required(Role.MARKETING)
def export(request: HttpRequest) -> HttpResponseBase:
    form = ExportForm(request.POST)
    if not form.is_valid():
        return _render_overview(request, form, status=400)
    channel = form.chosen_channel
    try:
        stream = marketing_export_stream(actor=Actor.for_staff(request.user), channel=channel)
    except PermissionDenied:
        return forbidden(request)
    response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="suoramarkkinointi-{channel.value}-{day}.csv"'
    )
    return response


@require_GET
@role_required(Role.MARKETING)
def campaigns(request: HttpRequest) -> HttpResponse:
    return render(request, "marketing/campaigns.html", {"campaigns": campaign_list()})


@require_http_methods(["GET", "POST"])
@role_required(Role.MARKETING)
def campaign_new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_form(request, CampaignForm())
    form = CampaignForm(request.POST)
    if not form.is_valid():
        return _render_form(request, form, status=400)
    try:
        campaign = campaign_create(actor=Actor.for_staff(request.user), **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return _render_form(request, form, status=400)
    messages.success(request, _("The campaign has been saved. It has not been sent."))
    return see_other(reverse("staff:marketing_campaign", args=[campaign.pk]))


def _render_form(request: HttpRequest, form: CampaignForm, status: int = 200) -> HttpResponse:
    return render(request, "marketing/campaign_form.html", {"form": form}, status=status)


@require_GET
@role_required(Role.MARKETING)
def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    found = campaign_get(pk)
    if found is None:
        raise Http404
    return _render_campaign(request, found)


def _render_campaign(
    request: HttpRequest, found: Campaign, *, error: str = "", status: int = 200
) -> HttpResponse:
    draft = found.status == CampaignStatus.DRAFT
    context = {
        "campaign": found,
        "draft": draft,
        # Before sending: how many would get it now (a count, never who).
        "preview_count": campaign_preview_count(found) if draft else None,
        "counts": None if draft else campaign_delivery_counts(found),
        "error": error,
    }
    return render(request, "marketing/campaign.html", context, status=status)


@require_POST
@role_required(Role.MARKETING)
def campaign_send(request: HttpRequest, pk: int) -> HttpResponse:
    found = campaign_get(pk)
    if found is None:
        raise Http404
    try:
        count = campaign_send_order(actor=Actor.for_staff(request.user), campaign=found)
    except PermissionDenied:
        return forbidden(request)
    except ValidationError as error:
        return _render_campaign(request, found, error=" ".join(error.messages), status=400)
    messages.success(
        request,
        _("The campaign will be sent to %(count)d people in the next few minutes.")
        % {"count": count},
    )
    return see_other(reverse("staff:marketing_campaign", args=[found.pk]))

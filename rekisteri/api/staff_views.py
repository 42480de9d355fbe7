"""The administrator's page of integration clients: the list, a new client (its token shown
once, on the answer to the form, never stored or shown again), and revoking a client.

Only clients are shown (names, roles, dates): nothing about customers.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rekisteri.access.roles import Role
from rekisteri.api.forms import ApiClientCreateForm
from rekisteri.api.models import ApiClient
from rekisteri.api.services import api_client_create, api_client_revoke
from rekisteri.audit.actors import Actor
from rekisteri.responses import see_other
from rekisteri.staff.access import role_required


@require_GET
@role_required(Role.ADMINISTRATOR)
def api_client_list(request: HttpRequest) -> HttpResponse:
    clients = ApiClient.objects.order_by("-is_active", "name", "pk")
    return render(request, "api/client_list.html", {"clients": clients})


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def api_client_create_view(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "api/client_create.html", {"form": ApiClientCreateForm()})
    form = ApiClientCreateForm(request.POST)
    if not form.is_valid():
        return render(request, "api/client_create.html", {"form": form}, status=400)
    try:
        client, token = api_client_create(
            actor=Actor.for_staff(request.user),
            name=form.cleaned_data["name"],
            roles=form.chosen_roles(),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, "api/client_create.html", {"form": form}, status=400)
    # The token is in this answer only: a redirect would need it stored somewhere first.
    return render(request, "api/client_created.html", {"client": client, "token": token})


@require_POST
@role_required(Role.ADMINISTRATOR)
def api_client_revoke_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    client = ApiClient.objects.filter(public_id=public_id).first()
    if client is None:
        raise Http404
    if api_client_revoke(actor=Actor.for_staff(request.user), client=client):
        messages.success(request, _("The client's token no longer works."))
    return see_other(reverse("staff:api_clients"))

"""Staff pages for customers: the search, the customer card, and correcting contact data.

Who may search and who may open a card is answered from the data map (the roles that may
read the searched fields), on every request; the selectors then show each reader only the
fields their roles may read and record every person shown in the audit log.

The search is a POST, and its results are the POST's answer. A search term is personal data
(a name, an email address, a phone number), and a term in a GET query string would end up in
the browser's history, in the web server's and any proxy's access logs and in Referer
headers; a POST body goes to none of them. A redirect after the POST would need the term in
the next URL or stored on the server, so the results page is the POST's answer instead; the
page links are small forms that post the term again with another page number. Reloading the
results asks the browser to send the form again, which only searches again.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.customers.forms import CustomerCorrectionForm, CustomerSearchForm
from rekisteri.customers.selectors import (
    MAX_RESULTS,
    SECTION_ROWS,
    CustomerCard,
    correctable_contact_fields,
    customer_card_read,
    customer_card_roles,
    customer_get,
    customer_search,
    customer_search_roles,
)
from rekisteri.customers.services import customer_update
from rekisteri.responses import see_other
from rekisteri.staff.access import forbidden, role_required


def _from_map(roles: frozenset[Role]) -> list[Role]:
    # The URLs are loaded after every app is ready, so the data map is complete here; an
    # empty answer would make ``role_required`` let in any staff member, so it stops.
    if not roles:
        raise ImproperlyConfigured("the data map lets no role search or read customers")
    return sorted(roles)


# Asked of the data map once: the map is code, and changes only with a new release.
SEARCH_ROLES = _from_map(customer_search_roles())
CARD_ROLES = _from_map(customer_card_roles())
CORRECT_ROLES = _from_map(
    frozenset(role for role in CARD_ROLES if correctable_contact_fields([role]))
)


@require_http_methods(["GET", "POST"])
@role_required(*SEARCH_ROLES)
def customer_search_view(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_search(request, CustomerSearchForm())
    form = CustomerSearchForm(request.POST)
    if not form.is_valid():
        return _render_search(request, form, status=400)
    page = customer_search(
        actor=Actor.for_staff(request.user), words=form.words, page_number=form.page_number
    )
    return _render_search(request, form, page=page)


def _render_search(
    request: HttpRequest, form: CustomerSearchForm, *, page: Any = None, status: int = 200
) -> HttpResponse:
    term = form.cleaned_data.get("term", "") if form.is_bound and form.is_valid() else ""
    return render(
        request,
        "customers/staff/search.html",
        {"form": form, "page": page, "term": term, "max_results": MAX_RESULTS},
        status=status,
    )


@require_GET
@role_required(*CARD_ROLES)
def customer_card_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    actor = Actor.for_staff(request.user)
    card = customer_card_read(actor=actor, public_id=public_id)
    if card is None:
        raise Http404
    return _render_card(request, card, _correction_form(card))


@require_POST
@role_required(*CORRECT_ROLES)
def customer_correct_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    actor = Actor.for_staff(request.user)
    customer = customer_get(public_id)
    if customer is None:
        raise Http404
    card_url = reverse("staff:customers_card", args=[customer.public_id])
    names = correctable_contact_fields(actor.roles)
    if not names:
        return forbidden(request)
    form = CustomerCorrectionForm(names, request.POST)
    if form.is_valid():
        try:
            before = _values(customer, names)
            customer_update(actor=actor, customer=customer, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if _values(customer, names) == before:
                messages.info(request, _("Nothing was changed."))
            else:
                messages.success(request, _("The contact data has been corrected."))
            return see_other(card_url)
    # The card is read afresh from the database: the form keeps what was typed.
    card = customer_card_read(actor=actor, public_id=public_id)
    if card is None:
        raise Http404
    return _render_card(request, card, form, status=400)


def _values(customer: Any, names: list[str]) -> dict[str, Any]:
    return {name: getattr(customer, name) for name in names}


def _correction_form(card: CustomerCard) -> CustomerCorrectionForm | None:
    if not card.correctable:
        return None
    return CustomerCorrectionForm(list(card.correctable), initial=card.correctable)


def _render_card(
    request: HttpRequest,
    card: CustomerCard,
    form: CustomerCorrectionForm | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "customers/staff/card.html",
        {"card": card, "form": form, "section_rows": SECTION_ROWS},
        status=status,
    )

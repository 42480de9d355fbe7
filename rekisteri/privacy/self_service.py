"""The person's own privacy pages in My account: their data (readable and as JSON), who has
looked at it, and deleting the account. One engine each with the operator's commands."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from rekisteri.access.roles import Role
from rekisteri.accounts.access import customer_required
from rekisteri.accounts.actors import customer_actor
from rekisteri.customers.models import Customer
from rekisteri.privacy.access_package import access_log, access_package_schema
from rekisteri.privacy.datamap.categories import CATEGORIES, category
from rekisteri.privacy.erasure import ErasureReason
from rekisteri.privacy.services import subject_erase, subject_export
from rekisteri.subject_requests.models import RequestKind
from rekisteri.subject_requests.services import request_record_self_service


@require_GET
@customer_required
def my_data(request: HttpRequest, customer: Customer) -> HttpResponse:
    package = subject_export(actor=customer_actor(customer), customer=customer)
    return render(request, "privacy/my_data.html", {"package": package})


@require_GET
@customer_required
def my_data_json(request: HttpRequest, customer: Customer) -> HttpResponse:
    actor = customer_actor(customer)
    with transaction.atomic():
        package = subject_export(actor=actor, customer=customer)
        # The download answers an access request at once; the queue keeps it as evidence.
        request_record_self_service(actor=actor, customer=customer, kind=RequestKind.ACCESS)
    response = HttpResponse(
        json.dumps(package, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="tietoni.json"'
    return response


@require_GET
@customer_required
def who_has_looked(request: HttpRequest, customer: Customer) -> HttpResponse:
    entries = [_readable(entry) for entry in access_log(customer)]
    return render(request, "privacy/access_log.html", {"entries": entries})


def _readable(entry: dict[str, Any]) -> dict[str, Any]:
    """An access-log entry in words: the roles' names, whether the data was only looked at,
    and which kinds of data."""
    valid_roles = set(Role.values)
    return {
        "time": datetime.datetime.fromisoformat(entry["time"]),
        "roles": [str(Role(code).label) for code in entry["roles"] if code in valid_roles],
        "looked_only": entry["action"].endswith(".read"),
        "categories": [
            str(category(key).title) for key in entry["categories"] if key in CATEGORIES
        ],
    }


@login_not_required
@require_GET
def access_package_schema_view(request: HttpRequest) -> HttpResponse:
    return JsonResponse(access_package_schema())


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: object, user: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not self.user.check_password(password):  # type: ignore[attr-defined]
            raise forms.ValidationError(_("The password is not right."), code="wrong_password")
        return password


@require_http_methods(["GET", "POST"])
@customer_required
def delete_account(request: HttpRequest, customer: Customer) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "privacy/delete_account.html", {"form": form}, status=400)
        actor = customer_actor(customer)
        with transaction.atomic():
            report = subject_erase(actor=actor, customer=customer, reason=ErasureReason.REQUEST)
            # A partly refused erasure stays open in the register manager's queue.
            request_record_self_service(
                actor=actor,
                customer=customer,
                kind=RequestKind.ERASURE,
                refusal_reasons=report.refusals,
            )
        logout(request)
        return render(request, "privacy/account_deleted.html", {"report": report})
    return render(request, "privacy/delete_account.html", {"form": form})

"""The public feedback page. No login: anyone may send feedback (S2)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from rekisteri.audit.actors import Actor
from rekisteri.feedback.forms import FeedbackForm, add_service_error
from rekisteri.feedback.services import feedback_send
from rekisteri.responses import see_other


@login_not_required
@require_http_methods(["GET", "POST"])
def feedback_form(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "feedback/form.html", {"form": FeedbackForm()})
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return render(request, "feedback/form.html", {"form": form}, status=400)
    try:
        feedback_send(actor=Actor.public(), **form.values())
    except ValidationError as error:
        add_service_error(form, error)
        return render(request, "feedback/form.html", {"form": form}, status=400)
    return see_other(reverse("feedback:sent"))


@login_not_required
@require_GET
def feedback_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "feedback/sent.html")

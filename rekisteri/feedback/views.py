"""The public feedback page. No login: anyone may send feedback (S2)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from rekisteri.audit.actors import Actor
from rekisteri.feedback.forms import FeedbackForm, add_service_error
from rekisteri.feedback.services import feedback_send


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
    # 303: reloading the thanks page does not send the feedback again.
    response = HttpResponseRedirect(reverse("feedback:sent"))
    response.status_code = 303
    return response


@login_not_required
@require_GET
def feedback_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "feedback/sent.html")

"""Staff pages for feedback: the list, one message, and answering it.

Customer service and the register manager read and answer feedback; each read is audited by
the selectors, and the answer is emailed to the sender by the service.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rekisteri.audit.actors import Actor
from rekisteri.feedback.forms import AnswerForm, add_service_error
from rekisteri.feedback.selectors import feedback_get, feedback_page_read, feedback_read
from rekisteri.feedback.services import FEEDBACK_HANDLERS, feedback_answer
from rekisteri.responses import see_other
from rekisteri.staff.access import forbidden, role_required


@require_GET
@role_required(*FEEDBACK_HANDLERS)
def feedback_list(request: HttpRequest) -> HttpResponse:
    page, rows = feedback_page_read(
        actor=Actor.for_staff(request.user), page_number=request.GET.get("page")
    )
    return render(request, "staff/feedback/list.html", {"page": page, "rows": rows})


@require_http_methods(["GET", "POST"])
@role_required(*FEEDBACK_HANDLERS)
def feedback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = Actor.for_staff(request.user)
    if request.method != "POST":
        return _render(request, actor, pk, AnswerForm())
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _render(request, actor, pk, form, status=400)
    feedback = feedback_get(pk)
    if feedback is None:
        raise Http404
    try:
        feedback_answer(actor=actor, feedback=feedback, text=form.cleaned_data["text"])
    except PermissionDenied:
        return forbidden(request)
    except ValidationError as error:
        add_service_error(form, error)
        return _render(request, actor, pk, form, status=400)
    messages.success(request, _("The answer has been saved and emailed to the sender."))
    return see_other(reverse("staff:feedback_detail", args=[pk]))


def _render(
    request: HttpRequest, actor: Actor, pk: int, form: AnswerForm, status: int = 200
) -> HttpResponse:
    view = feedback_read(actor=actor, pk=pk)
    if view is None:
        raise Http404
    return render(
        request, "staff/feedback/detail.html", {"view": view, "form": form}, status=status
    )

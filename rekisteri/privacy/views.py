"""The public register description pages: no login (L1)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from rekisteri.privacy.models import NoticeVersion
from rekisteri.privacy.notice.selectors import (
    notice_current,
    notice_version_get,
    notice_versions,
)


def _document_for_language(version: NoticeVersion) -> dict[str, object]:
    language = (get_language() or "fi").split("-")[0]
    content = version.content
    return dict(content.get(language) or content["fi"])


@login_not_required
@require_GET
def register_description(request: HttpRequest) -> HttpResponse:
    version = notice_current()
    return render(
        request,
        "privacy/register_description.html",
        {
            "version": version,
            "document": _document_for_language(version),
            "is_current": True,
            "versions": notice_versions(),
        },
    )


@login_not_required
@require_GET
def register_description_version(request: HttpRequest, number: int) -> HttpResponse:
    version = notice_version_get(number)
    if version is None:
        raise Http404
    current = notice_current()
    return render(
        request,
        "privacy/register_description.html",
        {
            "version": version,
            "document": _document_for_language(version),
            "is_current": version.number == current.number,
            "current": current,
            "versions": notice_versions(),
        },
    )

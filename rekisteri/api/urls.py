"""The integration API's URLs, included under /api/.

ninja's views are wrapped so that the API always answers in JSON: they are exempt from the
site's login requirement (the API authenticates by token itself and answers 401, where the
login middleware would redirect to a sign-in page), ninja's plain-text 405 becomes a JSON
one, and any other path under /api/ gets a JSON 404 rather than the site's HTML page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt

from rekisteri.access.declared import api_operation, public
from rekisteri.api.endpoints import api
from rekisteri.api.errors import method_not_allowed, not_found


def _json_errors(view: Callable[..., HttpResponse], *, name: str) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = [method.strip() for method in response.get("Allow", "").split(",")]
            response = method_not_allowed(method for method in allowed if method)
        # Answers carry personal data: no cache on the way may keep a copy.
        patch_cache_control(response, no_store=True, private=True)
        return response

    # Token-authenticated, never by cookie: no CSRF token is needed (ninja marks its views
    # the same way). The API's own policy per operation is in ``rekisteri.api.policy``.
    wrapped = csrf_exempt(wrapped)
    if name == OPENAPI_URL_NAME:
        return public(reason="the integration API's OpenAPI schema: no data, only its shape")(
            wrapped
        )
    return api_operation(login_not_required(wrapped))


OPENAPI_URL_NAME = "openapi-json"


@public(reason="the integration API's JSON answer to an unknown address")
@csrf_exempt
def unknown_path(request: HttpRequest, rest: str = "") -> HttpResponse:
    return not_found()


def _wrapped(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    result: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            if pattern.name == "api-root":
                # ninja finds the API's prefix by this name; its page points at the docs
                # page, which is off, so the address answers "not found" in JSON.
                result.append(URLPattern(pattern.pattern, unknown_path, None, pattern.name))
                continue
            result.append(
                URLPattern(
                    pattern.pattern,
                    _json_errors(pattern.callback, name=pattern.name or ""),
                    pattern.default_args,
                    pattern.name,
                )
            )
        else:
            result.append(pattern)
    return result


_ninja_patterns, _app_name, _namespace = api.urls

urlpatterns: list[URLPattern | URLResolver] = [
    path("v1/", include((_wrapped(_ninja_patterns), _app_name), namespace=_namespace)),
    re_path(r"^(?P<rest>.*)$", unknown_path),
]

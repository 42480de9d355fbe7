"""Every error of the API as JSON with a clear, translated message (Finnish by default, the
request's Accept-Language otherwise), never an HTML page.

Nothing the caller sent is echoed back: pydantic's own error details carry the input value,
so validation errors are reduced to the field's name, a code and our message. The same holds
for what is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger(__name__)


class ApiError(Exception):
    """An error to answer with ``status`` and a message; ``code`` is for programs."""

    def __init__(
        self, status: int, code: str, message: str, extra: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = message
        self.extra = dict(extra or {})


def error_response(
    status: int, code: str, message: str, extra: Mapping[str, Any] | None = None
) -> JsonResponse:
    body: dict[str, Any] = {"detail": message, "code": code, **(extra or {})}
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="rekisteri"'
    return response


def not_authenticated_message() -> str:
    return _("Sign the request with a valid API token: the header Authorization: Bearer <token>.")


def forbidden_message() -> str:
    return _("The API client's roles do not allow this.")


def not_found_message() -> str:
    return _("Not found.")


def method_not_allowed(allowed: Iterable[str]) -> JsonResponse:
    response = error_response(405, "method_not_allowed", _("This method is not allowed here."))
    response["Allow"] = ", ".join(sorted(allowed))
    return response


def not_found() -> JsonResponse:
    return error_response(404, "not_found", not_found_message())


# Messages for pydantic's error types; anything else is "not valid".
def _validation_message(error_type: str, context: Mapping[str, Any]) -> str:
    if error_type == "missing":
        return _("This field is required.")
    if error_type == "extra_forbidden":
        return _("There is no such field here.")
    if error_type == "string_too_long":
        limit = context.get("max_length")
        if isinstance(limit, int):
            return _("This is too long: at most %(limit)d characters.") % {"limit": limit}
        return _("This is too long.")
    if error_type in {"enum", "literal_error"}:
        return _("This is not one of the allowed values.")
    if error_type.endswith("_type") or error_type.endswith("_parsing"):
        return _("This value is of the wrong type.")
    if error_type in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        return _("This number is out of range.")
    return _("This value is not valid.")


def _field_of(location: Iterable[Any], known: set[str]) -> str | None:
    """The field a pydantic error is about, when it is one of ours (an unknown key the
    caller sent is not repeated: it could be anything)."""
    names = [str(part) for part in location if isinstance(part, str)]
    # ninja puts the source ("body", "query", "path") and the parameter's name first.
    for name in reversed(names):
        if name in known:
            return name
    return None


def validation_errors(errors: Iterable[Mapping[str, Any]], known: set[str]) -> list[dict[str, Any]]:
    cleaned = []
    for error in errors:
        error_type = str(error.get("type", "value_error"))
        context = error.get("ctx") or {}
        item: dict[str, Any] = {
            "code": error_type,
            "message": _validation_message(error_type, context),
        }
        field = _field_of(error.get("loc", ()), known)
        if field is not None:
            item["field"] = field
        cleaned.append(item)
    return cleaned


def django_validation_errors(error: DjangoValidationError) -> list[dict[str, Any]]:
    """A model's validation errors, by field; a message that would quote the value (an
    invalid choice) is replaced by one that does not."""
    cleaned = []
    by_field = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
    for field, problems in by_field.items():
        for problem in problems:
            params = problem.params or {}
            if "value" in params:
                message = _("This value is not valid.")
            else:
                message = str(problem.message % params if params else problem.message)
            item: dict[str, Any] = {"code": problem.code or "invalid", "message": message}
            if field and field != "__all__":
                item["field"] = field
            cleaned.append(item)
    return cleaned


def invalid_request(errors: list[dict[str, Any]]) -> JsonResponse:
    return error_response(
        422, "invalid", _("The request has errors; see the fields below."), {"errors": errors}
    )


def install_handlers(api: NinjaAPI, known_fields: set[str]) -> None:
    """Make every error of ``api`` a JSON answer in the house format."""

    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(exc.status, exc.code, exc.message, exc.extra)

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, AuthenticationError) or exc.status_code == 401:
            return error_response(401, "not_authenticated", not_authenticated_message())
        if isinstance(exc, AuthorizationError) or exc.status_code == 403:
            return error_response(403, "forbidden", forbidden_message())
        if exc.status_code == 400:
            # ninja's only 400: a body that is not JSON.
            return error_response(400, "bad_json", _("The request body is not valid JSON."))
        if exc.status_code == 429:
            return error_response(429, "throttled", _("Too many requests; try again later."))
        return error_response(exc.status_code, "error", _("The request could not be handled."))

    def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return invalid_request(validation_errors(exc.errors, known_fields))

    def on_django_validation_error(
        request: HttpRequest, exc: DjangoValidationError
    ) -> HttpResponse:
        return invalid_request(django_validation_errors(exc))

    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        # Our services raise it with a translated message meant for the person acting.
        message = str(exc) if exc.args else forbidden_message()
        return error_response(403, "forbidden", message)

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return not_found()

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A bug, not the caller's fault. The traceback is logged (no request data in it).
        logger.error("API operation failed: %s", type(exc).__name__, exc_info=exc)
        return error_response(500, "server_error", _("Something went wrong on our side."))

    # ninja's stubs want handlers that also accept the exception class; ours get instances.
    handlers: list[tuple[type[Exception], Any]] = [
        (Exception, on_unexpected),
        (Http404, on_not_found),
        (PermissionDenied, on_permission_denied),
        (DjangoValidationError, on_django_validation_error),
        (HttpError, on_http_error),
        (NinjaValidationError, on_validation_error),
        (ApiError, on_api_error),
    ]
    for exception, handler in handlers:
        api.add_exception_handler(exception, handler)

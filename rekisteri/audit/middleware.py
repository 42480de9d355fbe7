"""Gives each request a random id that its audit events carry."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from rekisteri.audit.context import request_id_var


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = request_id_var.set(uuid.uuid4().hex)
        try:
            return self.get_response(request)
        finally:
            request_id_var.reset(token)

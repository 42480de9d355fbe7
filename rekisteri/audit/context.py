"""The id of the request being served, so audit events can be tied to one request."""

from __future__ import annotations

from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("rekisteri_request_id", default="")

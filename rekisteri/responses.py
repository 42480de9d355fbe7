"""Responses the views share."""

from __future__ import annotations

from django.http import HttpResponseRedirect


def see_other(url: str) -> HttpResponseRedirect:
    """The redirect after a form has been handled: with 303 the browser fetches the next page
    afresh, so reloading it does not send the form again."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response

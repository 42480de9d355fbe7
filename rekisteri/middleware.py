"""Response headers that narrow what a browser will do with our pages (seed S19).

Everything the site uses comes from itself: no scripts or styles from elsewhere, no framing,
no forms posting elsewhere. The one exception: the checkout's and the order page's forms end
in a redirect to the payment service's hosted page, so its origin is a permitted form target.
Django's SecurityMiddleware sets the rest (HSTS, nosniff, referrer policy, opener policy).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Paytrail's hosted payment pages are served from this origin.
PAYTRAIL_PAYMENT_PAGES = "https://pay.paytrail.com"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@cache
def _policy(payment_api_url: str) -> str:
    # A browser applies form-action to the redirect after a form is sent, so the payment
    # pages' origin must be listed for the checkout to reach them.
    targets = sorted({_origin(payment_api_url), PAYTRAIL_PAYMENT_PAGES})
    return "; ".join(
        [
            "default-src 'self'",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self' " + " ".join(targets),
        ]
    )


def content_security_policy() -> str:
    return _policy(str(settings.PAYTRAIL_API_URL))


PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy())
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

"""Every page carries the headers that keep browsers to our own content."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_forbid_foreign_content_and_framing(client) -> None:
    response = client.get(reverse("privacy:register_description"))
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "geolocation=()" in response.headers["Permissions-Policy"]


def test_pages_load_nothing_from_other_sites(client) -> None:
    html = client.get(reverse("privacy:register_description")).content.decode()
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html

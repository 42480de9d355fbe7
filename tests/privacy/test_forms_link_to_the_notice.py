"""Every form that collects personal data links to the register description (L2)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.contests.factories import open_contest
from tests.privacy.subject_factories import make_person

pytestmark = pytest.mark.django_db

NOTICE = 'href="/rekisteriseloste/"'


def _main(html: str) -> str:
    """The page without its footer (whose link to the notice is on every page)."""
    return html.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("name", ["accounts:register", "feedback:form"])
def test_public_forms_link_to_the_notice(client: Client, name: str) -> None:
    html = client.get(reverse(name)).content.decode()
    assert NOTICE in _main(html)


def test_the_contest_entry_form_links_to_the_notice(client: Client) -> None:
    contest = open_contest()
    html = client.get(reverse("contests:detail", args=[contest.pk])).content.decode()
    assert NOTICE in _main(html)


@pytest.mark.parametrize("name", ["accounts:profile", "accounts:email_change"])
def test_my_account_forms_link_to_the_notice(client: Client, name: str) -> None:
    client.force_login(make_person().user)
    html = client.get(reverse(name)).content.decode()
    assert NOTICE in _main(html)

"""The marketing view: aggregate figures only, never a person; who may see it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from rekisteri.access.policy import readable_fields
from rekisteri.access.roles import Role
from rekisteri.audit.models import AuditEvent
from rekisteri.consents.models import MarketingChannel
from rekisteri.customers.models import Customer
from rekisteri.marketing.models import CampaignDelivery
from rekisteri.marketing.selectors import Figure, marketing_figures
from tests.marketing.conftest import buy, prohibit, restrict, withdraw

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("staff:marketing_overview")
ALL = tuple(MarketingChannel)


def test_the_figures_count_bases_prohibitions_restrictions_and_withdrawals(make_customer) -> None:
    for _ in range(6):
        make_customer(channels=ALL)
    for _ in range(5):
        prohibit(make_customer(channels=ALL))
    restrict(make_customer(channels=(MarketingChannel.EMAIL,)))
    withdraw(make_customer(channels=(MarketingChannel.SMS,)), MarketingChannel.SMS)
    buy(make_customer())

    figures = marketing_figures()

    assert figures.customers == Figure(14)
    assert figures.prohibited == Figure(5)
    assert figures.restricted == Figure(1) and figures.restricted.small
    assert figures.soft_opt_in_email == Figure(1)
    email, sms, post = figures.channels
    assert (email.may_be_sent, email.granted, email.withdrawn) == (Figure(6), Figure(12), Figure(0))
    assert (sms.may_be_sent, sms.granted, sms.withdrawn) == (Figure(6), Figure(11), Figure(1))
    assert post.may_be_sent == Figure(6)
    this_month = figures.months[-1]
    assert len(figures.months) == 12
    assert this_month.channels[0] == (Figure(12), Figure(0))
    assert this_month.channels[1] == (Figure(12), Figure(1))


def test_the_page_shows_figures_and_no_person(staff_client, make_customer) -> None:
    people = [make_customer(channels=ALL, first_name="Näkymätön") for _ in range(6)]
    prohibit(make_customer(channels=ALL))

    with translation.override("en"):
        response = staff_client(Role.MARKETING).get(OVERVIEW)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Näkymätön" not in content
    for person in people:
        assert person.email not in content and person.last_name not in content
    assert "fewer than 5" in content  # the one prohibition
    assert "Export as CSV" in content
    # Reading figures is no read of anyone's data.
    assert (
        not AuditEvent.objects.exclude(subject="").filter(action__startswith="marketing").exists()
    )


def test_the_register_manager_sees_the_figures_but_no_export_form(staff_client) -> None:
    with translation.override("en"):
        response = staff_client(Role.REGISTER_MANAGER).get(OVERVIEW)

    assert response.status_code == 200
    assert b"Export as CSV" not in response.content


@pytest.mark.parametrize(
    "role",
    [
        Role.CUSTOMER_SERVICE,
        Role.WAREHOUSE,
        Role.CREDIT_CONTROL,
        Role.ADMINISTRATOR,
        Role.CATALOGUE,
    ],
)
def test_other_roles_may_not_see_the_figures(staff_client, role) -> None:
    assert staff_client(role).get(OVERVIEW).status_code == 403


def test_the_menu_links_to_the_marketing_pages(staff_client) -> None:
    response = staff_client(Role.MARKETING).get(reverse("staff:home"))

    assert OVERVIEW.encode() in response.content
    assert reverse("staff:marketing_campaigns").encode() in response.content


def test_marketing_may_read_exactly_the_fields_the_export_needs() -> None:
    assert set(readable_fields({Role.MARKETING}, Customer)) == {
        "first_name",
        "last_name",
        "email",
        "phone",
        "street_address",
        "postal_code",
        "city",
        "country",
        "preferred_language",
    }
    # Who got which campaign is no one's business in marketing: counts only.
    assert readable_fields({Role.MARKETING}, CampaignDelivery) == []
    assert readable_fields({Role.ADMINISTRATOR}, CampaignDelivery) == []


def test_marketing_still_cannot_search_or_open_customers(staff_client, make_customer) -> None:
    """The export's read right is no way to browse people: the customer search and card
    need the pseudonymous id, which marketing may not read."""
    person = make_customer(channels=ALL)
    client = staff_client(Role.MARKETING)

    assert client.get(reverse("staff:customers_search"), {"q": person.email}).status_code == 403
    card = reverse("staff:customers_card", args=[person.public_id])
    assert client.get(card).status_code == 403

"""The customer's credit page and credit control's pages: each person sees only their own
account, only credit control reaches the staff pages, staff reads are audited, and bad
input is refused with a message and a 400, with nothing saved."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from rekisteri.access.roles import Role
from rekisteri.audit.models import AuditEvent
from rekisteri.credit.models import CreditAccount, InvoicePayment, PaymentDefault
from rekisteri.credit.services import credit_check, payment_default_mark
from rekisteri.customers.models import Customer
from tests.credit.conftest import (
    SYSTEM,
    issue,
    make_overdue,
    make_registered_customer,
    open_account,
)

pytestmark = pytest.mark.django_db

MY_CREDIT = reverse("credit:my_credit")
ACCOUNTS = reverse("staff:credit_accounts")
OPEN = reverse("staff:credit_account_open")
SignIn = Callable[..., Client]


def account_url(account: CreditAccount) -> str:
    return reverse("staff:credit_account", args=[account.pk])


def _signed_in_as(client: Client, customer: Customer) -> Client:
    client.force_login(customer.user)
    return client


# The customer's own page.


def test_the_customer_sees_their_limit_invoices_markings_and_checks(
    client: Client, customer: Customer
) -> None:
    open_account(customer, 250_00)
    credit_check(actor=SYSTEM, customer=customer, amount_cents=40_00)
    invoice = make_overdue(issue(customer, 40_00))
    payment_default_mark(actor=SYSTEM, invoice_id=invoice.pk)

    response = _signed_in_as(client, customer).get(MY_CREDIT)

    page = response.content.decode()
    assert response.status_code == 200
    assert "€250.00" in page  # the limit
    assert invoice.reference in page
    with translation.override("en"):
        assert date_format(invoice.due_on, "SHORT_DATE_FORMAT") in page
    assert "overdue" in page
    assert "in force" in page  # the payment default marking
    # Each check with its purpose and the source of the data (L23).
    assert "Deciding whether to allow an invoice purchase" in page
    assert "The shop&#x27;s own records of the customer&#x27;s credit limit" in page
    assert "we use no outside credit bureau" in page


def test_a_customer_without_an_account_is_told_so(client: Client, customer: Customer) -> None:
    page = _signed_in_as(client, customer).get(MY_CREDIT).content.decode()
    assert 'id="no-account"' in page
    assert "You have no credit account" in page


def test_a_customer_sees_only_their_own_account(client: Client, customer: Customer) -> None:
    open_account(customer, 100_00)
    theirs = issue(customer, 12_34)
    other = make_registered_customer("Toinen")
    open_account(other, 77_00)

    page = _signed_in_as(client, other).get(MY_CREDIT).content.decode()

    assert theirs.reference not in page
    assert "€12.34" not in page
    assert "€100.00" not in page
    assert "€77.00" in page
    # Nothing in the address can pick another person's account.
    assert (
        client.get(f"{MY_CREDIT}?customer={customer.public_id}")
        .content.decode()
        .count(theirs.reference)
        == 0
    )


def test_the_page_needs_a_signed_in_customer(client: Client) -> None:
    response = client.get(MY_CREDIT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_the_page_is_listed_in_my_account(client: Client, customer: Customer) -> None:
    page = _signed_in_as(client, customer).get(reverse("accounts:my_account")).content.decode()
    assert MY_CREDIT in page


# Credit control's pages.


@pytest.mark.parametrize(
    "role",
    [Role.CUSTOMER_SERVICE, Role.WAREHOUSE, Role.MARKETING, Role.ADMINISTRATOR, Role.CATALOGUE],
)
def test_staff_without_the_credit_control_role_get_403(
    sign_in: SignIn, customer: Customer, role: Role
) -> None:
    account = open_account(customer, 100_00)
    invoice = make_overdue(issue(customer, 10_00))
    client = sign_in(role)

    assert client.get(ACCOUNTS).status_code == 403
    assert client.get(OPEN).status_code == 403
    assert client.get(account_url(account)).status_code == 403
    posted = client.post(
        reverse("staff:credit_payment", args=[invoice.pk]),
        {f"invoice{invoice.pk}-amount": "10", f"invoice{invoice.pk}-paid_on": "2026-01-01"},
    )
    assert posted.status_code == 403
    assert client.post(reverse("staff:credit_default_mark", args=[invoice.pk])).status_code == 403
    assert not InvoicePayment.objects.exists()
    assert not PaymentDefault.objects.exists()
    assert not AuditEvent.objects.filter(action="credit.read").exists()


def test_accounts_with_overdue_invoices_come_first(sign_in: SignIn, customer: Customer) -> None:
    punctual = make_registered_customer("Tasmallinen")
    first = open_account(punctual, 100_00)
    issue(punctual, 10_00)
    late = open_account(customer, 100_00)
    make_overdue(issue(customer, 20_00))

    page = sign_in(Role.CREDIT_CONTROL).get(ACCOUNTS).content.decode()

    assert page.index(account_url(late)) < page.index(account_url(first))
    assert "1 overdue" in page
    reads = AuditEvent.objects.filter(action="credit.read")
    assert {e.subject for e in reads} == {str(customer.public_id), str(punctual.public_id)}


def test_reading_an_account_is_audited_with_categories_and_purpose(
    sign_in: SignIn, customer: Customer
) -> None:
    account = open_account(customer, 100_00)
    invoice = issue(customer, 10_00)

    page = sign_in(Role.CREDIT_CONTROL).get(account_url(account)).content.decode()

    assert customer.email in page
    assert invoice.reference in page
    event = AuditEvent.objects.get(action="credit.read")
    assert event.subject == str(customer.public_id)
    assert {"user.financial.creditworthiness", "user.contact.email"} <= set(event.categories)
    assert event.purpose == "essential.service.payment_processing.credit"
    assert event.detail == {"account": account.pk, "view": "account"}
    assert customer.email not in str(event.detail)


def test_an_unknown_account_is_404(sign_in: SignIn) -> None:
    assert (
        sign_in(Role.CREDIT_CONTROL).get(reverse("staff:credit_account", args=[999])).status_code
        == 404
    )


def test_recording_a_payment_from_the_page(sign_in: SignIn, customer: Customer) -> None:
    account = open_account(customer, 100_00)
    invoice = issue(customer, 25_00)
    client = sign_in(Role.CREDIT_CONTROL)

    response = client.post(
        reverse("staff:credit_payment", args=[invoice.pk]),
        {
            f"invoice{invoice.pk}-amount": "25.00",
            f"invoice{invoice.pk}-paid_on": timezone.localdate().isoformat(),
        },
    )

    assert response.status_code == 303
    assert response["Location"] == account_url(account)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_cents) == ("paid", 25_00)
    assert AuditEvent.objects.filter(action="credit.payment_record").count() == 1


@pytest.mark.parametrize(
    ("amount", "paid_on", "message"),
    [
        ("25.01", None, "at most what is owed"),
        ("abc", None, "Enter a number."),
        ("0", None, "greater than or equal to 0.01"),
        ("10", "2099-01-01", "cannot be in the future"),
        ("10", "not a day", "Enter a valid date."),
        ("10.001", None, "no more than 2 decimal places"),
    ],
)
def test_a_bad_payment_is_refused_with_a_message_and_400(
    sign_in: SignIn, customer: Customer, amount: str, paid_on: str | None, message: str
) -> None:
    open_account(customer, 100_00)
    invoice = issue(customer, 25_00)
    client = sign_in(Role.CREDIT_CONTROL)

    response = client.post(
        reverse("staff:credit_payment", args=[invoice.pk]),
        {
            f"invoice{invoice.pk}-amount": amount,
            f"invoice{invoice.pk}-paid_on": paid_on or timezone.localdate().isoformat(),
        },
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "The change was not saved" in page
    assert message in page
    invoice.refresh_from_db()
    assert invoice.paid_cents == 0
    assert not InvoicePayment.objects.exists()
    assert not AuditEvent.objects.filter(action="credit.payment_record").exists()


def test_marking_and_clearing_a_default_from_the_page(sign_in: SignIn, customer: Customer) -> None:
    account = open_account(customer, 100_00)
    invoice = make_overdue(issue(customer, 10_00))
    client = sign_in(Role.CREDIT_CONTROL)
    assert "Mark a payment default" in client.get(account_url(account)).content.decode()

    marked = client.post(reverse("staff:credit_default_mark", args=[invoice.pk]))
    marking = PaymentDefault.objects.get()
    cleared = client.post(reverse("staff:credit_default_clear", args=[marking.pk]))

    assert (marked.status_code, cleared.status_code) == (303, 303)
    marking.refresh_from_db()
    assert marking.cleared_because == "credit_control"


def test_marking_an_invoice_not_yet_due_is_refused_with_400(
    sign_in: SignIn, customer: Customer
) -> None:
    open_account(customer, 100_00)
    invoice = issue(customer, 10_00)
    response = sign_in(Role.CREDIT_CONTROL).post(
        reverse("staff:credit_default_mark", args=[invoice.pk])
    )
    assert response.status_code == 400
    assert "unpaid after its due date" in response.content.decode()
    assert not PaymentDefault.objects.exists()


def test_changing_the_limit_from_the_page(sign_in: SignIn, customer: Customer) -> None:
    account = open_account(customer, 100_00)
    client = sign_in(Role.CREDIT_CONTROL)

    response = client.post(reverse("staff:credit_limit", args=[account.pk]), {"limit-limit": "350"})

    assert response.status_code == 303
    account.refresh_from_db()
    assert account.limit_cents == 350_00


@pytest.mark.parametrize(
    ("limit", "message"), [("-5", "greater than or equal to 0"), ("", "required")]
)
def test_a_bad_limit_is_refused_with_400(
    sign_in: SignIn, customer: Customer, limit: str, message: str
) -> None:
    account = open_account(customer, 100_00)
    response = sign_in(Role.CREDIT_CONTROL).post(
        reverse("staff:credit_limit", args=[account.pk]), {"limit-limit": limit}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    account.refresh_from_db()
    assert account.limit_cents == 100_00


def test_opening_an_account_by_the_customers_email(sign_in: SignIn, customer: Customer) -> None:
    response = sign_in(Role.CREDIT_CONTROL).post(
        OPEN, {"email": customer.email.upper(), "limit": "200"}
    )
    account = CreditAccount.objects.get(customer=customer)
    assert response.status_code == 303
    assert response["Location"] == account_url(account)
    assert account.limit_cents == 200_00


def test_an_account_is_not_opened_for_an_unknown_or_unregistered_address(
    sign_in: SignIn,
) -> None:
    from rekisteri.customers.models import Channel
    from rekisteri.customers.services import customer_create

    guest = customer_create(actor=SYSTEM, channel=Channel.CHECKOUT, email="vieras@example.fi")
    client = sign_in(Role.CREDIT_CONTROL)
    for email in ("nobody@example.fi", guest.email):
        response = client.post(OPEN, {"email": email, "limit": "200"})
        assert response.status_code == 400
        assert "No registered customer has this email address" in response.content.decode()
    assert not CreditAccount.objects.exists()


def test_paid_on_defaults_to_today(sign_in: SignIn, customer: Customer) -> None:
    account = open_account(customer, 100_00)
    issue(customer, 10_00)
    page = sign_in(Role.CREDIT_CONTROL).get(account_url(account)).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in page

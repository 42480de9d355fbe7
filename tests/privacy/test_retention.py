"""The retention job applies every rule of the data map and logs what it removed."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.customers.models import Customer
from rekisteri.privacy.datamap.retention import ACCOUNTING_VOUCHERS, Period
from rekisteri.privacy.ledger import ledger_lines
from rekisteri.privacy.services import retention_run
from tests.privacy.subject_factories import make_person

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 11, 25, 12, 0))


def _age_customer(customer: Customer, *, years: int, days: int = 0) -> None:
    moment = NOW - datetime.timedelta(days=365 * years + days)
    Customer.objects.filter(pk=customer.pk).update(last_active_at=moment)


def test_customers_past_their_period_are_erased_and_others_stay(settings) -> None:
    settings.REKISTERI_RETENTION_CUSTOMER_YEARS = 3
    expired, active = make_person(), make_person_other()
    _age_customer(expired, years=3, days=5)
    _age_customer(active, years=2)

    report = retention_run(actor=Actor.system("test"), now=NOW)

    assert not Customer.objects.filter(pk=expired.pk).exists()
    assert Customer.objects.filter(pk=active.pk).exists()
    assert report.customers_erased == 1
    assert report.removed["customers"] == 1
    assert [line.reason for line in ledger_lines()] == ["retention"]
    logged = AuditEvent.objects.filter(action="retention.run").values_list("detail", flat=True)
    assert {"subregister": "customers", "rows": 1} in list(logged)


def test_the_period_is_a_setting(settings) -> None:
    customer = make_person()
    _age_customer(customer, years=2)
    settings.REKISTERI_RETENTION_CUSTOMER_YEARS = 1
    retention_run(actor=Actor.system("test"), now=NOW)
    assert not Customer.objects.filter(pk=customer.pk).exists()


def test_expired_sessions_are_removed(settings) -> None:
    old, fresh = SessionStore(), SessionStore()
    old.create()
    fresh.create()
    Session.objects.filter(session_key=old.session_key).update(
        expire_date=NOW - datetime.timedelta(days=settings.REKISTERI_RETENTION_SESSION_DAYS + 1)
    )
    Session.objects.filter(session_key=fresh.session_key).update(expire_date=NOW)
    report = retention_run(actor=Actor.system("test"), now=NOW)
    assert list(Session.objects.values_list("session_key", flat=True)) == [fresh.session_key]
    assert report.removed == {"sessions": 1}


def test_a_run_with_nothing_expired_is_still_logged() -> None:
    make_person()
    report = retention_run(actor=Actor.system("test"), now=NOW)
    assert report.removed == {}
    assert AuditEvent.objects.filter(action="retention.run").count() == 1


def test_the_command_reports_what_it_removed() -> None:
    customer = make_person()
    Customer.objects.filter(pk=customer.pk).update(
        last_active_at=timezone.now() - datetime.timedelta(days=365 * 10)
    )
    out = io.StringIO()
    call_command("retention_run", stdout=out)
    assert "customers" in out.getvalue()


def test_accounting_vouchers_of_2024_are_kept_until_the_end_of_2030() -> None:
    assert ACCOUNTING_VOUCHERS.deadline_for(datetime.date(2024, 12, 31)) == datetime.date(
        2030, 12, 31
    )
    in_2030 = timezone.make_aware(datetime.datetime(2030, 12, 31, 23, 0))
    in_2031 = timezone.make_aware(datetime.datetime(2031, 1, 1, 1, 0))
    voucher_day = timezone.make_aware(datetime.datetime(2024, 6, 1))
    assert not voucher_day < ACCOUNTING_VOUCHERS.cutoff(in_2030)
    assert voucher_day < ACCOUNTING_VOUCHERS.cutoff(in_2031)


def test_a_financial_year_ending_in_june_moves_the_deadline(settings) -> None:
    settings.REKISTERI_FINANCIAL_YEAR_END = "06-30"
    # 1 July 2024 belongs to the financial year that ends on 30 June 2025.
    assert ACCOUNTING_VOUCHERS.deadline_for(datetime.date(2024, 7, 1)) == datetime.date(
        2031, 12, 31
    )
    assert ACCOUNTING_VOUCHERS.deadline_for(datetime.date(2024, 6, 30)) == datetime.date(
        2030, 12, 31
    )
    in_2031 = timezone.make_aware(datetime.datetime(2031, 1, 1, 1, 0))
    assert timezone.make_aware(datetime.datetime(2024, 6, 30, 12)) < ACCOUNTING_VOUCHERS.cutoff(
        in_2031
    )
    assert not timezone.make_aware(datetime.datetime(2024, 7, 1, 12)) < ACCOUNTING_VOUCHERS.cutoff(
        in_2031
    )


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (datetime.datetime(2026, 3, 31), 1, datetime.datetime(2026, 2, 28)),
        (datetime.datetime(2024, 3, 31), 1, datetime.datetime(2024, 2, 29)),
        (datetime.datetime(2026, 1, 15), 13, datetime.datetime(2024, 12, 15)),
    ],
)
def test_periods_count_back_across_month_ends(start, months, expected) -> None:
    assert Period(months=months).before(start) == expected


def make_person_other() -> Customer:
    from rekisteri.customers.models import Channel
    from rekisteri.customers.services import customer_create

    return customer_create(
        actor=Actor.system("test"),
        channel=Channel.CHECKOUT,
        first_name="Toinen",
        email="toinen@example.fi",
    )


def test_an_account_never_confirmed_is_erased_whole(settings) -> None:
    from rekisteri.accounts.models import PendingRegistration

    customer = make_person()  # has an account and a pending registration
    PendingRegistration.objects.filter(user__customer=customer).update(
        registered_at=NOW - datetime.timedelta(days=365)
    )
    report = retention_run(actor=Actor.system("test"), now=NOW)
    assert not Customer.objects.filter(pk=customer.pk).exists()
    assert report.customers_erased == 1

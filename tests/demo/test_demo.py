"""``rekisteri demo``: idempotent loading, one staff account per role, the seed's controller."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from rekisteri.access.groups import role_group
from rekisteri.access.roles import Role
from rekisteri.accounts.models import User
from rekisteri.audit.models import AuditEvent
from rekisteri.audit.verify import audit_verify
from rekisteri.customers.models import Customer
from rekisteri.demo.logins import LOGINS_FILE_NAME
from rekisteri.organisation.models import OpeningHours, Organisation
from rekisteri.privacy.models import NoticeVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(settings, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", verbosity=0, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "customers": Customer.objects.count(),
        "users": User.objects.count(),
        "groups": Group.objects.count(),
        "organisations": Organisation.objects.count(),
        "opening_hours": OpeningHours.objects.count(),
        "notice_versions": NoticeVersion.objects.count(),
        "audit_events": AuditEvent.objects.count(),
    }


def logins(data_dir: Path) -> dict[str, str]:
    return json.loads((data_dir / LOGINS_FILE_NAME).read_text(encoding="utf-8"))


def test_running_the_demo_twice_gives_the_same_data(data_dir: Path) -> None:
    first_output = run_demo()
    first = counts()
    second_output = run_demo()

    assert counts() == first  # no duplicates, and no audit events for changes not made
    assert first["customers"] >= 5
    assert first["users"] == len(Role)
    # The same report, less the first run's line that counts the customers it added.
    first_lines, second_lines = first_output.splitlines(), second_output.splitlines()
    assert str(first["customers"]) in first_lines[0]
    assert first_lines[1:] == second_lines
    assert audit_verify().ok


def test_the_output_names_the_pages_and_every_login(data_dir: Path) -> None:
    output = run_demo()

    assert "http://127.0.0.1:8000/rekisteriseloste/" in output
    assert "http://127.0.0.1:8000/henkilokunta/kirjaudu/" in output
    for role, password in logins(data_dir).items():
        assert f"{role}@demo.rekisteri.test" in output
        assert password in output


def test_one_staff_account_per_role_holding_that_role_only(data_dir: Path) -> None:
    run_demo()
    passwords = logins(data_dir)

    assert set(passwords) == set(Role.values)
    for role in Role:
        user = User.objects.get(email=f"{role.value}@demo.rekisteri.test")
        assert user.is_staff and user.is_active and not user.is_superuser
        assert list(user.groups.all()) == [role_group(role)]
        assert user.check_password(passwords[role.value])


def test_the_passwords_file_is_private_and_kept_between_runs(data_dir: Path) -> None:
    run_demo()
    before = logins(data_dir)
    run_demo()

    assert logins(data_dir) == before
    assert (data_dir / LOGINS_FILE_NAME).stat().st_mode & 0o777 == 0o600
    assert len(set(before.values())) == len(Role)
    assert all(len(password) >= 12 for password in before.values())


def test_a_rerun_restores_changed_demo_accounts(data_dir: Path) -> None:
    run_demo()
    user = User.objects.get(email="warehouse@demo.rekisteri.test")
    user.set_password("something else entirely")
    user.is_active = False
    user.save()
    user.groups.add(role_group(Role.ADMINISTRATOR))

    run_demo()

    user.refresh_from_db()
    assert user.is_active
    assert user.check_password(logins(data_dir)["warehouse"])
    assert list(user.groups.all()) == [role_group(Role.WAREHOUSE)]
    assert audit_verify().ok


def test_the_organisation_settings_are_the_seeds(data_dir: Path) -> None:
    run_demo()
    organisation = Organisation.objects.get()

    assert organisation.name == "Ilmapallokeskus Balloon Center Oy"
    assert organisation.business_id == "0860817-6"
    assert organisation.street_address == "Koskelontie 25 C"
    assert organisation.postal_code == "02920"
    assert organisation.city == "Espoo"
    assert organisation.phone == "09-8545 100"
    assert organisation.customer_service_phone == "+358 9 550 055"
    assert organisation.contact_person_name == "Jonna Nieminen"
    assert organisation.contact_person_phone == "+358 40 702 8998"
    hours = list(organisation.opening_hours.values_list("first_day", "last_day", "opens", "closes"))
    assert hours == [
        (1, 5, datetime.time(9), datetime.time(19)),
        (6, 6, datetime.time(9), datetime.time(15)),
    ]


def test_the_demo_customers_came_in_through_the_audited_service(data_dir: Path) -> None:
    run_demo()

    created = AuditEvent.objects.filter(action="customer.create")
    assert created.count() == Customer.objects.count()
    assert set(created.values_list("subject", flat=True)) == {
        str(public_id) for public_id in Customer.objects.values_list("public_id", flat=True)
    }


def test_the_demo_refuses_to_run_in_production(data_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("REKISTERI_ENV", "production")

    with pytest.raises(CommandError, match="production"):
        run_demo()
    assert counts()["users"] == 0


def test_a_damaged_passwords_file_is_reported_not_overwritten(data_dir: Path) -> None:
    (data_dir / LOGINS_FILE_NAME).write_text("{not json", encoding="utf-8")

    with pytest.raises(CommandError, match=LOGINS_FILE_NAME):
        run_demo()
    assert (data_dir / LOGINS_FILE_NAME).read_text(encoding="utf-8") == "{not json"


def test_the_demo_has_orders_for_the_warehouse_and_a_returnable_one(data_dir: Path) -> None:
    from rekisteri.orders.models import OrderStatus, Shipment, ShipmentStatus

    run_demo()
    run_demo()
    assert Shipment.objects.filter(status=ShipmentStatus.WAITING).count() == 3
    delivered = Shipment.objects.get(status=ShipmentStatus.DELIVERED)
    assert delivered.order.status == OrderStatus.DELIVERED

"""Loading the demo: the controller's settings, a few customers and one staff account per
role. Every step is idempotent, so ``rekisteri demo`` can be run again and again."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from rekisteri.access.groups import role_group
from rekisteri.access.roles import Role
from rekisteri.accounts.models import User
from rekisteri.audit.actors import Actor
from rekisteri.audit.services import audit_record
from rekisteri.customers.models import Customer
from rekisteri.customers.services import customer_create
from rekisteri.demo import data
from rekisteri.demo.catalogue import demo_catalogue_load
from rekisteri.demo.logins import demo_passwords, demo_second_factor_load, demo_staff_email
from rekisteri.demo.orders import demo_orders_load
from rekisteri.organisation.models import Organisation
from rekisteri.organisation.services import organisation_update
from rekisteri.privacy.datamap import purposes

_ACCOUNT_CATEGORIES = [
    "user.account.username",
    "user.authorization.password",
    "user.authorization.role",
]


@dataclass(frozen=True)
class StaffLogin:
    role: Role
    email: str
    password: str
    recovery_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoResult:
    organisation: Organisation
    customers_added: int
    staff: list[StaffLogin]


def demo_load(*, actor: Actor, logins_file: Path) -> DemoResult:
    """Load (or bring back) the whole demo in one transaction."""
    # The passwords are on disk before any account uses them, so a failed load that is
    # run again still prints logins that work.
    passwords = demo_passwords(logins_file)
    with transaction.atomic():
        organisation = demo_organisation_load(actor=actor)
        added = demo_customers_load(actor=actor)
        staff = demo_staff_load(actor=actor, passwords=passwords)
        demo_catalogue_load(actor=actor)
        demo_orders_load(actor=actor)
    return DemoResult(organisation, added, staff)


def demo_organisation_load(*, actor: Actor) -> Organisation:
    return organisation_update(
        actor=actor, values=dict(data.ORGANISATION), opening_hours=list(data.OPENING_HOURS)
    )


def demo_customers_load(*, actor: Actor) -> int:
    """Add the demo customers that are not there yet; returns how many were added."""
    emails = [person["email"] for person in data.CUSTOMERS]
    present = set(Customer.objects.filter(email__in=emails).values_list("email", flat=True))
    added = 0
    for person in data.CUSTOMERS:
        if person["email"] in present:
            continue
        values = dict(person)
        customer_create(actor=actor, channel=values.pop("channel"), **values)
        added += 1
    return added


def demo_staff_load(*, actor: Actor, passwords: dict[str, str]) -> list[StaffLogin]:
    """One staff account per role, holding exactly that role, with the given password."""
    logins = []
    for role in Role:
        email = demo_staff_email(role)
        password = passwords[role.value]
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, password, is_staff=True)
            user.groups.set([role_group(role)])
            _audit_account(actor, "staff.create", user, role)
        else:
            _bring_back(actor, user, role, password)
        codes = demo_second_factor_load(actor=actor, user=user, password=password)
        logins.append(StaffLogin(role, email, password, tuple(codes)))
    return logins


def _bring_back(actor: Actor, user: User, role: Role, password: str) -> None:
    """Undo what someone changed in a demo account since the last run."""
    if not user.is_active or not user.is_staff:
        user.is_active = user.is_staff = True
        user.save(update_fields=["is_active", "is_staff"])
        _audit_account(actor, "staff.reactivate", user, role)
    if not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
        _audit_account(actor, "staff.password_set", user, role)
    group = role_group(role)
    if list(user.groups.all()) != [group]:
        user.groups.set([group])
        _audit_account(actor, "staff.roles_set", user, role)


def _audit_account(actor: Actor, action: str, user: User, role: Role) -> None:
    audit_record(
        actor=actor,
        action=action,
        subject=str(user.public_id),
        categories=_ACCOUNT_CATEGORIES,
        purpose=purposes.STAFF_ADMINISTRATION.key,
        detail={"role": role.value},
    )

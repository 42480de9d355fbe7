"""For each model that holds rows about a customer: how to make one such row with every
mapped field filled. The access-package and erasure tests walk the data map and need a
factory for every model in it, so a new sub-register cannot slip past them."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable

from django.db import models
from django.utils import timezone

from rekisteri.accounts.models import EmailConfirmation, PendingRegistration, User
from rekisteri.audit.actors import Actor
from rekisteri.customers.models import Channel, Customer
from rekisteri.customers.services import customer_create
from rekisteri.privacy.models import Disclosure

Factory = Callable[[Customer], list[models.Model]]
FACTORIES: dict[str, Factory] = {}

PERSON = {
    "first_name": "Ilmari",
    "last_name": "Pallonen",
    "street_address": "Kumikuja 13 B 7",
    "postal_code": "33100",
    "city": "Tampere",
    "country": "FI",
    "phone": "+358 44 987 6543",
    "email": "ilmari.pallonen@example.fi",
    "preferred_language": "sv",
}


def factory(label: str) -> Callable[[Factory], Factory]:
    def register(function: Factory) -> Factory:
        FACTORIES[label] = function
        return function

    return register


def make_person() -> Customer:
    """A customer with rows in every sub-register that has a factory."""
    customer = customer_create(actor=Actor.system("test"), channel=Channel.REGISTRATION, **PERSON)
    for label, make in FACTORIES.items():
        if label != "customers.Customer":
            make(customer)
    customer.refresh_from_db()
    return customer


@factory("customers.Customer")
def _customer(customer: Customer) -> list[models.Model]:
    return [customer]


@factory("accounts.User")
def _account(customer: Customer) -> list[models.Model]:
    user = User.objects.create_user(customer.email, "pallo-ilmari-2026-salasana")
    user.display_name = f"{customer.first_name} {customer.last_name}"
    user.last_login = timezone.now()
    user.save()
    Customer.objects.filter(pk=customer.pk).update(user=user)
    return [user]


@factory("accounts.PendingRegistration")
def _pending_registration(customer: Customer) -> list[models.Model]:
    user = User.objects.get(customer=customer)
    return [PendingRegistration.objects.create(user=user, registered_at=timezone.now())]


@factory("accounts.EmailConfirmation")
def _email_confirmation(customer: Customer) -> list[models.Model]:
    return [
        EmailConfirmation.objects.create(
            user=User.objects.get(customer=customer),
            purpose="email_change",
            email="ilmari.uusi@example.fi",
            secret_hash=secrets.token_hex(32),
            sent_at=timezone.now() - datetime.timedelta(hours=1),
            used_at=timezone.now(),
        )
    ]


@factory("privacy.Disclosure")
def _disclosure(customer: Customer) -> list[models.Model]:
    return [
        Disclosure.objects.create(
            customer=customer,
            recipient="Maksupalvelu Oy",
            recipient_country="FI",
            categories=["user.contact.email", "user.name.first"],
            purpose="essential.service.payment_processing",
            legal_basis="contract",
            disclosed_at=timezone.now() - datetime.timedelta(days=3),
        )
    ]


def _register_app_factories() -> None:
    """Each app keeps its own factories beside its tests; they all count here."""
    from tests.consents.factories import SUBJECT_FACTORIES as consents
    from tests.contests.subject_rows import SUBJECT_FACTORIES as contests
    from tests.credit.subject_rows import SUBJECT_FACTORIES as credit
    from tests.feedback.subject_rows import SUBJECT_FACTORIES as feedback
    from tests.orders.subject_rows import SUBJECT_FACTORIES as orders

    FACTORIES.update(consents)
    FACTORIES.update(contests)
    FACTORIES.update(credit)
    FACTORIES.update(feedback)
    FACTORIES.update(orders)


_register_app_factories()


def _register_authority_request_factories() -> None:
    from tests.authority_requests.subject_rows import SUBJECT_FACTORIES as authority_requests

    FACTORIES.update(authority_requests)


_register_authority_request_factories()


def _register_subject_request_factories() -> None:
    from tests.subject_requests.subject_rows import SUBJECT_FACTORIES as subject_requests

    FACTORIES.update(subject_requests)


_register_subject_request_factories()


def _register_marketing_factories() -> None:
    from tests.marketing.subject_rows import SUBJECT_FACTORIES as marketing

    FACTORIES.update(marketing)


_register_marketing_factories()

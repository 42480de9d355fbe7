"""Writes to customer accounts: registration, email confirmation and change, passwords, and
the record of failed sign-ins.

Each function takes the acting party, checks that it may act, and writes its change and its
audit event in one transaction; mail goes out only after the transaction has committed, in
the person's preferred language. Audit events name the customer by their pseudonymous id and
list data categories, never an address or a name.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from rekisteri.accounts import mail
from rekisteri.accounts.actors import acts_for
from rekisteri.accounts.links import LinkError, LinkProblem, new_link_secret
from rekisteri.accounts.models import (
    EmailConfirmation,
    EmailLinkPurpose,
    PendingRegistration,
    SignInFailure,
    User,
    normalise_email,
)
from rekisteri.accounts.selectors import customer_of, email_confirmation_for, password_reset_user
from rekisteri.accounts.throttle import account_key, address_key
from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.audit.services import audit_record
from rekisteri.consents.models import ChangeSource, MarketingChannel, PermissionText
from rekisteri.consents.selectors import email_is_confirmed
from rekisteri.consents.services import consent_grant, email_address_confirm
from rekisteri.customers.models import Channel, Customer
from rekisteri.customers.services import customer_create, customer_update
from rekisteri.privacy.datamap import purposes

# What a person gives at registration besides the address and the password.
REGISTRATION_FIELDS = (
    "first_name",
    "last_name",
    "street_address",
    "postal_code",
    "city",
    "phone",
    "preferred_language",
)
# What a person may correct on their profile page (the address has its own confirmed path).
PROFILE_FIELDS = REGISTRATION_FIELDS

_USERNAME = "user.account.username"
_PASSWORD = "user.authorization.password"  # noqa: S105 (a data category)
_EMAIL = "user.contact.email"
_RELATIONSHIP = purposes.CUSTOMER_RELATIONSHIP.key
_SECURITY = purposes.SECURITY.key


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not change this account."))


def _require_the_person(actor: Actor, user: User) -> Customer:
    """The customer record of ``user``, if ``actor`` is that customer (or the system)."""
    customer = customer_of(user)
    _require(customer is not None and acts_for(actor, customer))
    assert customer is not None
    return customer


# Registration and email confirmation.


def account_register(
    *,
    actor: Actor,
    email: str,
    password: str,
    marketing: Iterable[PermissionText] = (),
    **contact: Any,
) -> User | None:
    """Register a customer account: the account, its customer record (channel: registration)
    and the permissions ticked on the form, pending until the address is confirmed.

    ``marketing`` holds the permission texts the person was shown and ticked, one per channel.
    When the address already has an account, nothing is created: that address is told so by
    mail instead, and None is returned. The page the person sees next is the same either way,
    so registration never tells whether an address is registered.
    """
    _require(actor.kind in {ActorKind.PUBLIC, ActorKind.SYSTEM})
    unknown = set(contact) - set(REGISTRATION_FIELDS)
    if unknown:
        raise TypeError(f"account_register got unknown fields {sorted(unknown)}")
    email = normalise_email(email)
    validate_password(password, User(email=email))
    existing = User.objects.filter(email=email).first()
    if existing is None:
        try:
            return _register(actor, email, password, list(marketing), contact)
        except IntegrityError:
            # Someone registered the same address a moment earlier.
            existing = User.objects.filter(email=email).first()
            if existing is None:
                raise
    # The same work as a registration, so the answer does not come back faster.
    make_password(password)
    _tell_already_registered(actor, existing)
    return None


def _register(
    actor: Actor,
    email: str,
    password: str,
    marketing: list[PermissionText],
    contact: dict[str, Any],
) -> User:
    with transaction.atomic():
        user = User(email=email)
        user.set_password(password)
        user.full_clean(exclude=["password"], validate_unique=False)
        user.save(force_insert=True)
        customer = _customer_create(actor, user, email, contact)
        PendingRegistration.objects.create(user=user, registered_at=timezone.now())
        token = _confirmation_create(user, EmailLinkPurpose.REGISTRATION, email)
        audit_record(
            actor=actor,
            action="account.register",
            subject=str(customer.public_id),
            categories=[_USERNAME, _PASSWORD],
            purpose=_RELATIONSHIP,
        )
        for text in marketing:
            consent_grant(
                actor=actor,
                customer=customer,
                channel=MarketingChannel(text.channel),
                source=ChangeSource.REGISTRATION,
                text_version=text,
            )
        mail.send_on_commit(
            name="confirm_registration",
            to=email,
            language=customer.preferred_language,
            context={
                "first_name": customer.first_name,
                "link": mail.site_link("accounts:email_confirm", token),
            },
        )
    return user


def _customer_create(actor: Actor, user: User, email: str, contact: dict[str, Any]) -> Customer:
    customer = customer_create(actor=actor, channel=Channel.REGISTRATION, email=email, **contact)
    # Linking the account is part of this registration and audited by its event.
    customer.user = user
    customer.save(update_fields=["user"])
    return customer


def _tell_already_registered(actor: Actor, user: User) -> None:
    customer = customer_of(user)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="account.register_existing",
            subject=str(customer.public_id) if customer else "",
            categories=[_USERNAME],
            purpose=_SECURITY,
        )
        if customer is None:
            return  # a staff account: the customer pages it would be pointed to refuse it
        mail.send_on_commit(
            name="already_registered",
            to=user.email,
            language=customer.preferred_language,
            context={
                "sign_in_link": mail.site_link("accounts:sign_in"),
                "reset_link": mail.site_link("accounts:password_reset"),
            },
        )


def _confirmation_create(user: User, purpose: EmailLinkPurpose, email: str) -> str:
    """Store a new link for ``email``, replacing the unused ones of the same purpose, and
    return its token."""
    EmailConfirmation.objects.filter(user=user, purpose=purpose, used_at__isnull=True).delete()
    token, secret_hash = new_link_secret()
    EmailConfirmation.objects.create(
        user=user, purpose=purpose, email=email, secret_hash=secret_hash, sent_at=timezone.now()
    )
    return token


def email_confirmation_resend(*, actor: Actor, user: User) -> bool:
    """Send a new link to confirm the account's address (the previous one stops working).
    False when the address is already confirmed."""
    customer = _require_the_person(actor, user)
    if email_is_confirmed(customer):
        return False
    with transaction.atomic():
        token = _confirmation_create(user, EmailLinkPurpose.REGISTRATION, user.email)
        audit_record(
            actor=actor,
            action="account.email_confirmation_resend",
            subject=str(customer.public_id),
            categories=[_EMAIL],
            purpose=_RELATIONSHIP,
        )
        mail.send_on_commit(
            name="confirm_registration",
            to=user.email,
            language=customer.preferred_language,
            context={
                "first_name": customer.first_name,
                "link": mail.site_link("accounts:email_confirm", token),
            },
        )
    return True


class EmailTakenError(Exception):
    """The new address of an email change has meanwhile become another account's."""


def email_confirm(*, actor: Actor, token: str) -> EmailConfirmation:
    """Use a confirmation link: the address it was sent to is confirmed.

    For a registration the account stops being pending; for an email change the new address
    replaces the old one on the account and the customer record, and the old address is told.
    The link's token is the proof, so the actor is the public (or the system). Raises
    LinkError when the link is forged, unknown, used or expired, and EmailTakenError when a
    new address has become another account's; nothing is saved then.
    """
    _require(actor.kind in {ActorKind.PUBLIC, ActorKind.SYSTEM})
    with transaction.atomic():
        confirmation = email_confirmation_for(token)
        # Two clicks at once: the second waits here and then finds the link used.
        locked = EmailConfirmation.objects.select_for_update().get(pk=confirmation.pk)
        if locked.used_at is not None:
            raise LinkError(LinkProblem.USED)
        user = confirmation.user
        customer = customer_of(user)
        if customer is None:
            raise LinkError(LinkProblem.UNKNOWN)
        confirmation.used_at = timezone.now()
        confirmation.save(update_fields=["used_at"])
        old_email = user.email
        if confirmation.purpose == EmailLinkPurpose.EMAIL_CHANGE:
            _email_replace(actor, user, customer, confirmation.email)
        elif confirmation.email != user.email:
            # A registration link for an address the account no longer has.
            raise LinkError(LinkProblem.UNKNOWN)
        # Either link proves the account's (new) address: the registration is confirmed.
        PendingRegistration.objects.filter(user=user).delete()
        email_address_confirm(actor=actor, customer=customer, email=confirmation.email)
        audit_record(
            actor=actor,
            action="account.email_confirm",
            subject=str(customer.public_id),
            categories=[_EMAIL, "user.behavior.email_confirmation"],
            purpose=_RELATIONSHIP,
            detail={"purpose": confirmation.purpose},
        )
        if confirmation.purpose == EmailLinkPurpose.EMAIL_CHANGE:
            mail.send_on_commit(
                name="email_changed",
                to=old_email,
                language=customer.preferred_language,
                context={"first_name": customer.first_name},
            )
    return confirmation


def _email_replace(actor: Actor, user: User, customer: Customer, new_email: str) -> None:
    if User.objects.filter(email=new_email).exclude(pk=user.pk).exists():
        raise EmailTakenError
    user.email = new_email
    try:
        with transaction.atomic():
            user.save(update_fields=["email"])
    except IntegrityError:
        raise EmailTakenError from None
    customer_update(actor=actor, customer=customer, email=new_email)


def email_change_request(*, actor: Actor, user: User, new_email: str) -> None:
    """Send a link to ``new_email``; the address changes only when that link is opened (L3).

    The person must be signed in as themselves. An earlier pending change is replaced.
    """
    customer = _require_the_person(actor, user)
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise ValidationError(
            {"email": _("This is already the address of your account.")}, code="same_email"
        )
    User(email=new_email).clean_fields(exclude=["password"])
    with transaction.atomic():
        token = _confirmation_create(user, EmailLinkPurpose.EMAIL_CHANGE, new_email)
        audit_record(
            actor=actor,
            action="account.email_change_request",
            subject=str(customer.public_id),
            categories=[_EMAIL],
            purpose=_RELATIONSHIP,
        )
        mail.send_on_commit(
            name="confirm_email_change",
            to=new_email,
            language=customer.preferred_language,
            context={
                "first_name": customer.first_name,
                "link": mail.site_link("accounts:email_confirm", token),
            },
        )


# Profile and password.


def profile_update(*, actor: Actor, customer: Customer, **changes: Any) -> Customer:
    """The person corrects their own name, address, phone or language (L3). Audited by
    ``customer_update``; the email address changes only through ``email_change_request``."""
    _require(acts_for(actor, customer))
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"profile_update got unknown fields {sorted(unknown)}")
    return customer_update(actor=actor, customer=customer, **changes)


def password_change(*, actor: Actor, user: User, password: str) -> None:
    """The signed-in person sets a new password (the caller has checked the current one).
    Other browsers signed in to the account are signed out by Django's session hash."""
    customer = _require_the_person(actor, user)
    validate_password(password, user)
    _password_set(actor, user, customer, password, action="account.password_change")


def _password_set(
    actor: Actor, user: User, customer: Customer, password: str, *, action: str
) -> None:
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(
            actor=actor,
            action=action,
            subject=str(customer.public_id),
            categories=[_PASSWORD],
            purpose=_SECURITY,
        )
        mail.send_on_commit(
            name="password_changed",
            to=user.email,
            language=customer.preferred_language,
            context={
                "first_name": customer.first_name,
                "reset_link": mail.site_link("accounts:password_reset"),
            },
        )


def password_reset_request(*, actor: Actor, email: str) -> None:
    """Mail a password reset link to ``email`` if a customer account has it.

    The caller shows the same page whatever happens here. Staff accounts are left out: the
    administrator resets those.
    """
    _require(actor.kind in {ActorKind.PUBLIC, ActorKind.SYSTEM})
    user = User.objects.filter(email=normalise_email(email), is_active=True, is_staff=False).first()
    customer = customer_of(user) if user else None
    if user is None or customer is None or not user.has_usable_password():
        return
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="account.password_reset_request",
            subject=str(customer.public_id),
            categories=[_USERNAME],
            purpose=_SECURITY,
        )
        mail.send_on_commit(
            name="password_reset",
            to=user.email,
            language=customer.preferred_language,
            context={
                "first_name": customer.first_name,
                "link": mail.site_link("accounts:password_reset_confirm", uidb64, token),
            },
        )


def password_reset_complete(*, actor: Actor, uidb64: str, token: str, password: str) -> User:
    """Set a new password through a reset link. The link stops working once used (its token
    covers the password hash). Raises LinkError for a bad or expired link."""
    _require(actor.kind in {ActorKind.PUBLIC, ActorKind.SYSTEM})
    user = password_reset_user(uidb64, token)
    customer = customer_of(user) if user else None
    if user is None or customer is None:
        raise LinkError(LinkProblem.RESET_INVALID)
    validate_password(password, user)
    _password_set(actor, user, customer, password, action="account.password_reset")
    return user


# Sign-in throttling.


def sign_in_failure_record(*, actor: Actor, email: str, address: str) -> SignInFailure:
    """Count one failed sign-in against the typed address and the client address.

    Only the sign-in pages (public) and the system record failures: no one signed in can
    slow down someone else's sign-ins.
    """
    _require(actor.kind in {ActorKind.PUBLIC, ActorKind.SYSTEM})
    with transaction.atomic():
        failure = SignInFailure.objects.create(
            account_key=account_key(email),
            address_key=address_key(address),
            failed_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action="account.sign_in_failure",
            categories=[_USERNAME, "user.device.ip_address"],
            purpose=_SECURITY,
        )
    return failure

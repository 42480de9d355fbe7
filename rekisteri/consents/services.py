"""Writes to marketing permissions, the privacy switches and confirmed addresses.

Every function takes the acting party, decides whether that party may make the change, and
writes its record and its audit event in one transaction. The audit event names the data
category and codes (channel, source, text version number), never an address or a name.

Who may do what:

- the person themselves (a ``customer`` actor whose reference is their customer's or
  account's public id) from registration, checkout, a contest entry or My account;
- a visitor (``public`` actor) only where the person acts without signing in: giving a
  permission on the registration, checkout or contest form that creates them, and withdrawing
  one through the signed unsubscribe link;
- the register manager, on the person's request (source ``staff``);
- an integration API client whose roles include the register manager's (the shop front or
  an ERP relaying what the person did there, with the source naming where);
- the system (imports, the demo, other apps' flows that have already checked the person).

Changes are idempotent: repeating the current state records nothing, and the function
returns ``None`` to say so. Withdrawing a channel that has no record at all *is* recorded: the
person has said no, and that also stops marketing that needs no permission (the soft opt-in
to existing customers, L21) on that channel.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.audit.services import audit_record
from rekisteri.consents.models import (
    ChangeSource,
    ConfirmedAddress,
    ConsentAction,
    ConsentRecord,
    MarketingChannel,
    PermissionText,
    PrivacySwitch,
    PrivacySwitchRecord,
)
from rekisteri.customers.models import Customer
from rekisteri.privacy.datamap import purposes

PERMISSION_TEXT_MAX_LENGTH = 1000

_PREFERENCES = "user.privacy_preferences"

# Where each kind of change can happen at all.
GRANT_SOURCES = frozenset(
    {
        ChangeSource.REGISTRATION,
        ChangeSource.PROFILE,
        ChangeSource.CONTEST,
        ChangeSource.CHECKOUT,
        ChangeSource.STAFF,
    }
)
WITHDRAW_SOURCES = frozenset(
    {ChangeSource.PROFILE, ChangeSource.UNSUBSCRIBE_LINK, ChangeSource.STAFF}
)
SWITCH_SOURCES = frozenset({ChangeSource.PROFILE, ChangeSource.STAFF})

# What a visitor who has not signed in can do: the forms that create the customer, and the
# signed unsubscribe link (the signature proves the link was sent to the person).
_PUBLIC_GRANT_SOURCES = frozenset(
    {ChangeSource.REGISTRATION, ChangeSource.CONTEST, ChangeSource.CHECKOUT}
)
_PUBLIC_WITHDRAW_SOURCES = frozenset({ChangeSource.UNSUBSCRIBE_LINK})


# Access decisions.


def _is_the_person(actor: Actor, customer: Customer) -> bool:
    if actor.kind != ActorKind.CUSTOMER:
        return False
    refs = {str(customer.public_id)}
    if customer.user is not None:
        refs.add(str(customer.user.public_id))
    return actor.ref in refs


def _check_change_allowed(
    actor: Actor,
    customer: Customer,
    source: ChangeSource,
    *,
    public_sources: frozenset[ChangeSource],
) -> None:
    """Raise PermissionDenied unless ``actor`` may change this person's choices from
    ``source``. The source must already be one the change can come from."""
    if actor.kind == ActorKind.SYSTEM:
        return
    if actor.kind == ActorKind.STAFF:
        allowed = source == ChangeSource.STAFF and actor.has_role(Role.REGISTER_MANAGER)
    elif actor.kind == ActorKind.CUSTOMER:
        allowed = source != ChangeSource.STAFF and _is_the_person(actor, customer)
    elif actor.kind == ActorKind.PUBLIC:
        allowed = source in public_sources
    elif actor.kind == ActorKind.API_CLIENT:
        allowed = actor.has_role(Role.REGISTER_MANAGER)
    else:
        allowed = False
    if not allowed:
        raise PermissionDenied(_("You may not change this person's marketing permissions."))


def _check_source(source: ChangeSource, allowed: frozenset[ChangeSource]) -> ChangeSource:
    source = ChangeSource(source)
    if source not in allowed:
        # A programming error, not the person's: the calling code named the wrong place.
        raise ValueError(f"this change cannot come from source {source.value!r}")
    return source


def _lock(customer: Customer) -> None:
    """Take the person's row lock so that their changes are recorded one after another and
    "the newest record" means the same to everyone."""
    Customer.objects.select_for_update().filter(pk=customer.pk).values_list("pk").get()


def _latest_consent(customer: Customer, channel: MarketingChannel) -> ConsentRecord | None:
    return ConsentRecord.objects.filter(customer=customer, channel=channel).order_by("-id").first()


def _latest_switch(customer: Customer, switch: PrivacySwitch) -> PrivacySwitchRecord | None:
    return (
        PrivacySwitchRecord.objects.filter(customer=customer, switch=switch).order_by("-id").first()
    )


# Permission texts.


def permission_text_publish(
    *, actor: Actor, channel: MarketingChannel, language: str, text: str
) -> PermissionText:
    """Publish a new version of the permission text of ``channel`` in ``language``.

    Marketing and the register manager may do this. Earlier versions stay as they were, and
    every grant keeps pointing at the version its person saw. Publishing the current wording
    again changes nothing and returns the current version.
    """
    if actor.kind != ActorKind.SYSTEM and not (
        actor.has_role(Role.MARKETING) or actor.has_role(Role.REGISTER_MANAGER)
    ):
        raise PermissionDenied(_("Only marketing or the register manager may edit these texts."))
    channel = MarketingChannel(channel)
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValueError(f"unknown language {language!r}")
    text = _clean_permission_text(text)
    with transaction.atomic():
        current = (
            PermissionText.objects.select_for_update()
            .filter(channel=channel, language=language)
            .order_by("-version")
            .first()
        )
        if current is not None and current.text == text:
            return current
        published = PermissionText.objects.create(
            channel=channel,
            language=language,
            version=(current.version + 1) if current else 1,
            text=text,
        )
        audit_record(
            actor=actor,
            action="consent.text_publish",
            purpose=purposes.PRIVACY_CHOICES.key,
            detail={"channel": channel.value, "language": language, "version": published.version},
        )
    return published


def _clean_permission_text(text: str) -> str:
    text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()
    if not text:
        raise ValidationError(_("Write the text of the permission."), code="required")
    if len(text) > PERMISSION_TEXT_MAX_LENGTH:
        raise ValidationError(
            _("The text may be at most %(limit)d characters long.")
            % {"limit": PERMISSION_TEXT_MAX_LENGTH},
            code="max_length",
        )
    if "\x00" in text:
        raise ValidationError(_("The text contains a character that cannot be stored."), "null")
    return text


# Grants and withdrawals.


def consent_grant(
    *,
    actor: Actor,
    customer: Customer,
    channel: MarketingChannel,
    source: ChangeSource,
    text_version: PermissionText,
) -> ConsentRecord | None:
    """Record that the person gave permission for ``channel``, having been shown
    ``text_version``.

    Returns the new record, or ``None`` when the permission was already in force under the
    same text (nothing recorded). A grant under a different text version is recorded: it is
    the person agreeing to that wording.
    """
    channel = MarketingChannel(channel)
    source = _check_source(source, GRANT_SOURCES)
    _check_change_allowed(actor, customer, source, public_sources=_PUBLIC_GRANT_SOURCES)
    if text_version.pk is None or text_version.channel != channel:
        raise ValidationError(
            _("This permission text belongs to another channel."), code="text_channel"
        )
    with transaction.atomic():
        _lock(customer)
        latest = _latest_consent(customer, channel)
        if latest is not None and latest.granted and latest.text_version_id == text_version.pk:
            return None
        record = ConsentRecord.objects.create(
            customer=customer,
            channel=channel,
            action=ConsentAction.GRANTED,
            source=source,
            text_version=text_version,
        )
        audit_record(
            actor=actor,
            action="consent.grant",
            subject=str(customer.public_id),
            categories=[_PREFERENCES],
            purpose=purposes.PRIVACY_CHOICES.key,
            detail={
                "channel": channel.value,
                "source": source.value,
                "text_language": text_version.language,
                "text_version": text_version.version,
            },
        )
    return record


def consent_withdraw(
    *,
    actor: Actor,
    customer: Customer,
    channel: MarketingChannel,
    source: ChangeSource,
) -> ConsentRecord | None:
    """Record that the person withdrew (or refused) permission for ``channel``.

    Returns the new record, or ``None`` when the newest record of the channel is already a
    withdrawal (nothing recorded). A channel with no record at all gets a withdrawal: the
    person's "no" is kept, and it also ends soft opt-in marketing on that channel.
    """
    channel = MarketingChannel(channel)
    source = _check_source(source, WITHDRAW_SOURCES)
    _check_change_allowed(actor, customer, source, public_sources=_PUBLIC_WITHDRAW_SOURCES)
    with transaction.atomic():
        _lock(customer)
        latest = _latest_consent(customer, channel)
        if latest is not None and not latest.granted:
            return None
        record = ConsentRecord.objects.create(
            customer=customer,
            channel=channel,
            action=ConsentAction.WITHDRAWN,
            source=source,
        )
        audit_record(
            actor=actor,
            action="consent.withdraw",
            subject=str(customer.public_id),
            categories=[_PREFERENCES],
            purpose=purposes.PRIVACY_CHOICES.key,
            detail={"channel": channel.value, "source": source.value},
        )
    return record


# The prohibition of direct marketing and the restriction of processing.


def marketing_prohibition_set(
    *, actor: Actor, customer: Customer, prohibited: bool, source: ChangeSource
) -> PrivacySwitchRecord | None:
    """Turn the person's prohibition of direct marketing on or off (seed S8, L4).

    While it is on, no direct marketing goes to the person by any channel, whatever their
    permissions say and including the soft opt-in. The permissions themselves stay recorded.
    Returns the new record, or ``None`` when the switch was already in that position.
    """
    return _switch_set(
        actor=actor,
        customer=customer,
        switch=PrivacySwitch.MARKETING_PROHIBITION,
        enabled=prohibited,
        source=source,
    )


def restriction_set(
    *, actor: Actor, customer: Customer, restricted: bool, source: ChangeSource
) -> PrivacySwitchRecord | None:
    """Turn the restriction of processing of the person's data on or off (GDPR Art. 18, L14).

    While it is on, the data is only stored: the person is left out of every marketing list
    and every bulk export (``selectors.exclude_restricted``). Returns the new record, or
    ``None`` when the switch was already in that position.
    """
    return _switch_set(
        actor=actor,
        customer=customer,
        switch=PrivacySwitch.RESTRICTION,
        enabled=restricted,
        source=source,
    )


def _switch_set(
    *,
    actor: Actor,
    customer: Customer,
    switch: PrivacySwitch,
    enabled: bool,
    source: ChangeSource,
) -> PrivacySwitchRecord | None:
    source = _check_source(source, SWITCH_SOURCES)
    _check_change_allowed(actor, customer, source, public_sources=frozenset())
    with transaction.atomic():
        _lock(customer)
        latest = _latest_switch(customer, switch)
        if (latest.enabled if latest else False) == enabled:
            return None
        record = PrivacySwitchRecord.objects.create(
            customer=customer, switch=switch, enabled=enabled, source=source
        )
        audit_record(
            actor=actor,
            action=f"consent.{switch.value}_{'on' if enabled else 'off'}",
            subject=str(customer.public_id),
            categories=[_PREFERENCES],
            purpose=purposes.PRIVACY_CHOICES.key,
            detail={"source": source.value},
        )
    return record


# Confirmed email addresses.


def email_address_confirm(*, actor: Actor, customer: Customer, email: str) -> ConfirmedAddress:
    """Record that the person showed ``email`` to be theirs (they opened a link sent to it).

    The accounts app calls this when a confirmation link is opened, with the system actor,
    the person's own actor or the public actor (the link's token is its proof; checking it is
    the caller's job). Staff cannot confirm an address for anyone. Confirmations of addresses
    that are neither this one nor the person's current one are dropped: they are no longer
    needed. Confirming the same address again changes nothing.
    """
    if actor.kind not in {ActorKind.SYSTEM, ActorKind.PUBLIC} and not _is_the_person(
        actor, customer
    ):
        raise PermissionDenied(_("Only the person can confirm their own email address."))
    email = email.strip().lower()
    validate_email(email)
    with transaction.atomic():
        _lock(customer)
        ConfirmedAddress.objects.filter(customer=customer).exclude(
            email__in={email, customer.email.strip().lower()}
        ).delete()
        existing = ConfirmedAddress.objects.filter(customer=customer, email=email).first()
        if existing is not None:
            return existing
        confirmed = ConfirmedAddress.objects.create(customer=customer, email=email)
        audit_record(
            actor=actor,
            action="consent.email_confirm",
            subject=str(customer.public_id),
            categories=["user.contact.email", "user.behavior.email_confirmation"],
            purpose=purposes.ELECTRONIC_MARKETING.key,
        )
    return confirmed

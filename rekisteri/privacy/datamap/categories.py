"""The data categories the register holds, with their titles for the register description."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.privacy.datamap.vocabulary import Category

_ALL = [
    Category("user.name.first", _("first name")),
    Category("user.name.last", _("last name")),
    Category("user.name", _("name")),
    Category("user.contact.email", _("email address")),
    Category("user.contact.phone_number", _("phone number")),
    Category("user.contact.address.street", _("street address")),
    Category("user.contact.address.postal_code", _("postal code")),
    Category("user.contact.address.city", _("city")),
    Category("user.contact.address.country", _("country")),
    Category("user.demographic.language", _("preferred language")),
    Category("user.unique_id.pseudonymous", _("pseudonymous customer identifier")),
    Category("user.account.username", _("username")),
    Category("user.authorization.password", _("password (stored only as a one-way hash)")),
    Category("user.authorization.role", _("staff roles and access rights"), extension=True),
    Category(
        "user.behavior.collection_channel",
        _("how and when the person entered the register"),
        extension=True,
    ),
    Category("user.behavior.login_history", _("login times"), extension=True),
    Category(
        "user.behavior.last_activity",
        _("when the customer last ordered, signed in or was in contact"),
        extension=True,
    ),
    Category("user.device.session", _("session data of a signed-in browser"), extension=True),
    Category("user.behavior.purchase_history", _("orders, deliveries and returns")),
    Category(
        "user.financial.creditworthiness", _("credit data for invoice purchases"), extension=True
    ),
    Category("user.privacy_preferences", _("marketing permissions and prohibitions")),
    Category(
        "user.behavior.email_confirmation",
        _("when the person confirmed that an email address is theirs"),
        extension=True,
    ),
    Category(
        "user.disclosure_history",
        _("to whom the person's data has been disclosed, when and why"),
        extension=True,
    ),
    Category("user.content.private", _("messages the person has sent")),
    Category("user.demographic.age_range", _("age range (for example, at least 13 years old)")),
    Category(
        "user.behavior.contest_participation",
        _("contests the person has entered or won, and when"),
        extension=True,
    ),
    Category(
        "user.device.ip_address",
        _("network address of the device used to sign in (kept only as a keyed hash)"),
    ),
    Category(
        "user.authorization.credentials",
        _(
            "sign-in credentials: single-use links, authenticator keys and recovery codes "
            "(kept only as one-way hashes or sealed)"
        ),
    ),
    Category(
        "user.behavior.marketing_received",
        _("marketing messages sent to the person, and when"),
        extension=True,
    ),
    Category(
        "user.privacy_request",
        _("requests the person has made about their data, and how they were answered"),
        extension=True,
    ),
]

CATEGORIES: dict[str, Category] = {category.key: category for category in _ALL}


def category(key: str) -> Category:
    """The category named ``key``; a name not declared above is a programming error."""
    try:
        return CATEGORIES[key]
    except KeyError:
        raise KeyError(f"data category {key!r} is not declared in categories.py") from None

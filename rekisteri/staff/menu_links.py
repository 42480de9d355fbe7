"""The staff app's own links on the back office's front page, and those of apps that keep no
``ready`` of their own."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.access.roles import Role
from rekisteri.staff.menu import menu_register

SETTINGS = _("Settings")
CONTESTS_FEEDBACK = _("Contests and feedback")
WEBSHOP = _("Webshop")
DELIVERIES = _("Deliveries and returns")
CREDIT = _("Credit control")


def register_links() -> None:
    menu_register(
        section=SETTINGS,
        label=_("Staff accounts"),
        url_name="staff:staff_accounts",
        roles={Role.ADMINISTRATOR},
        order=890,
    )
    menu_register(
        section=SETTINGS,
        label=_("Organisation settings"),
        url_name="staff:organisation",
        roles={Role.ADMINISTRATOR},
        order=900,
    )
    menu_register(
        section=CONTESTS_FEEDBACK,
        label=_("Contests"),
        url_name="staff:contests",
        roles={Role.MARKETING, Role.REGISTER_MANAGER, Role.CUSTOMER_SERVICE},
        order=500,
    )
    menu_register(
        section=CONTESTS_FEEDBACK,
        label=_("Feedback"),
        url_name="staff:feedback_list",
        roles={Role.REGISTER_MANAGER, Role.CUSTOMER_SERVICE},
        order=510,
    )
    menu_register(
        section=WEBSHOP,
        label=_("Catalogue"),
        url_name="staff:catalogue_products",
        roles={Role.CATALOGUE},
        order=600,
    )
    menu_register(
        section=DELIVERIES,
        label=_("Pick list"),
        url_name="staff:orders_pick_list",
        roles={Role.WAREHOUSE},
        order=300,
    )
    menu_register(
        section=DELIVERIES,
        label=_("Shipped, on the way"),
        url_name="staff:orders_shipped",
        roles={Role.WAREHOUSE},
        order=310,
    )
    menu_register(
        section=DELIVERIES,
        label=_("Returns"),
        url_name="staff:orders_returns",
        roles={Role.CUSTOMER_SERVICE},
        order=320,
    )
    menu_register(
        section=CREDIT,
        label=_("Credit accounts"),
        url_name="staff:credit_accounts",
        roles={Role.CREDIT_CONTROL},
        order=400,
    )

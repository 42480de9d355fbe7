from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketingConfig(AppConfig):
    name = "rekisteri.marketing"
    verbose_name = _("Marketing")

    def ready(self) -> None:
        from rekisteri.access.roles import Role
        from rekisteri.staff.menu import menu_register

        section = _("Marketing")
        menu_register(
            section=section,
            label=_("Marketing figures and export"),
            url_name="staff:marketing_overview",
            roles={Role.MARKETING, Role.REGISTER_MANAGER},
            order=200,
        )
        menu_register(
            section=section,
            label=_("Email campaigns"),
            url_name="staff:marketing_campaigns",
            roles={Role.MARKETING},
            order=210,
        )

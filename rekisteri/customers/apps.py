from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "rekisteri.customers"
    verbose_name = _("Customers")

    def ready(self) -> None:
        # The menu's roles come from the data map: make sure this app's part of it is loaded
        # whatever order the apps are made ready in.
        from rekisteri.customers import datamap  # noqa: F401
        from rekisteri.customers.selectors import customer_search_roles
        from rekisteri.staff.menu import menu_register

        menu_register(
            section=_("Customers"),
            label=_("Customer search"),
            url_name="staff:customers_search",
            roles=customer_search_roles(),
            order=100,
        )

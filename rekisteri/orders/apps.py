from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "rekisteri.orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        from rekisteri.accounts.sections import Section, my_account_sections

        my_account_sections.register(
            Section(
                "orders",
                _("Orders"),
                "orders:my_orders",
                order=50,
                description=_("your orders, their deliveries and returns"),
            )
        )

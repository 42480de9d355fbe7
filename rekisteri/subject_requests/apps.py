"""The data-subject request queue: requests, due dates, extensions and their execution."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubjectRequestsConfig(AppConfig):
    name = "rekisteri.subject_requests"
    verbose_name = _("Data-subject requests")

    def ready(self) -> None:
        from rekisteri.access.roles import Role
        from rekisteri.staff.menu import menu_register

        section = _("Register matters")
        menu_register(
            section=section,
            label=_("Data-subject requests"),
            url_name="staff:subject_requests_queue",
            roles={Role.REGISTER_MANAGER},
            order=700,
        )
        menu_register(
            section=section,
            label=_("Enter a data-subject request"),
            url_name="staff:subject_requests_receive",
            roles={Role.REGISTER_MANAGER, Role.CUSTOMER_SERVICE},
            order=710,
        )

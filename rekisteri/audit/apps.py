from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "rekisteri.audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from rekisteri.access.roles import Role
        from rekisteri.staff.menu import menu_register

        menu_register(
            section=_("Register matters"),
            label=_("Audit log review"),
            url_name="staff:audit_review",
            roles={Role.REGISTER_MANAGER},
            order=750,
        )

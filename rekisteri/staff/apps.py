from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "rekisteri.staff"
    verbose_name = _("Staff")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from rekisteri.staff.menu_links import register_links
        from rekisteri.staff.sessions import staff_session_forget, staff_session_start

        register_links()

        user_logged_in.connect(staff_session_start, dispatch_uid="staff_session_start")
        user_logged_out.connect(staff_session_forget, dispatch_uid="staff_session_forget")

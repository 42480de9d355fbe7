"""The register's security principles (seed S16–S19, GDPR Art. 32), said once for the
register description and the records of processing."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SECURITY_MEASURES: list[str | Promise] = [
    _("The register is not handed over to outsiders."),
    _("Manual material is kept locked, accessible only to the people concerned."),
    _("Only designated employees may use the system, each with their own account and password."),
    _(
        "Roles limit each employee to the data their work needs; every look at and every change "
        "to a customer's data is recorded in a tamper-evident log."
    ),
    _("Data is backed up regularly."),
    _("The system is protected by a firewall and all connections are encrypted."),
    _("Employees who handle the register are bound by confidentiality."),
]

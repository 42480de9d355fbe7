"""Invoice purchases on the shop's own credit."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    name = "rekisteri.credit"
    verbose_name = _("Credit")

    def ready(self) -> None:
        from rekisteri.accounts.sections import Section, my_account_sections
        from rekisteri.credit.refusals import unpaid_invoice_refusals
        from rekisteri.privacy.erasure import ERASURE_REFUSALS

        if unpaid_invoice_refusals not in ERASURE_REFUSALS:
            ERASURE_REFUSALS.append(unpaid_invoice_refusals)
        my_account_sections.register(
            Section(
                "credit",
                _("Credit account"),
                "credit:my_credit",
                order=55,
                description=_(
                    "Your credit limit for invoice purchases, your invoices and payments, and "
                    "the credit checks made about you."
                ),
            )
        )

"""The simulator's hosted payment page: where the shop sends the customer to pay.

The page speaks the payment's language (FI, SV or EN) through Django's translations, so it
can be translated like the rest of Rekisteri.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import override

from rekisteri.payments.simulator.catalogue import (
    SimulatedProvider,
    language_code,
    provider_label,
)
from rekisteri.payments.simulator.store import SimulatedPayment

STYLE = """
body { font-family: system-ui, sans-serif; margin: 0; background: #f4f6f8; color: #1a1a1a; }
main { max-width: 32rem; margin: 2rem auto; padding: 1.5rem; background: #fff;
       border: 1px solid #c9d1d9; border-radius: 8px; }
h1 { font-size: 1.5rem; margin-top: 0; }
dl { display: grid; grid-template-columns: auto 1fr; gap: .25rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
fieldset { border: 1px solid #c9d1d9; border-radius: 6px; margin: 1rem 0; padding: .75rem 1rem; }
legend { font-weight: 600; padding: 0 .25rem; }
.method { display: flex; align-items: center; gap: .5rem; padding: .35rem 0; }
.method input { width: 1.25rem; height: 1.25rem; }
.error { color: #a4000f; font-weight: 600; }
.note { color: #444; }
.actions { display: flex; gap: 1rem; flex-wrap: wrap; }
button { font: inherit; padding: .6rem 1.4rem; border-radius: 6px; cursor: pointer;
         border: 2px solid #1b3a5c; }
button.pay { background: #1b3a5c; color: #fff; }
button.cancel { background: #fff; color: #1b3a5c; }
:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
"""


def _document(language: str, title: str, content: SafeString) -> str:
    return str(
        format_html(
            '<!DOCTYPE html>\n<html lang="{}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n{}\n</main>\n"
            "</body>\n</html>\n",
            language,
            title,
            SafeString(STYLE),
            content,
        )
    )


def format_amount(cents: int) -> str:
    """Euros as the active language writes them, e.g. "25,50 €" (no-break spaces)."""
    euros = number_format(Decimal(cents) / 100, decimal_pos=2, use_l10n=True, force_grouping=True)
    # A no-break space keeps the sign on the amount's line.
    return _("%(amount)s €") % {"amount": euros}


def payment_page(
    payment: SimulatedPayment,
    *,
    providers: list[SimulatedProvider],
    action_url: str,
    missing_choice: bool = False,
) -> str:
    """The page offering ``providers`` for ``payment``, with a Pay and a Cancel button."""
    language = language_code(payment.language)
    with override(language):
        title = _("Pay with Paytrail (simulator)")
        error = (
            format_html(
                '<p class="error" id="method-error" role="alert">{}</p>',
                _("Choose a payment method, or cancel the payment."),
            )
            if missing_choice
            else SafeString("")
        )
        methods = format_html_join(
            "\n",
            '<div class="method"><input type="radio" name="provider" id="method-{}" '
            'value="{}" required><label for="method-{}">{}</label></div>',
            (
                (provider.id, provider.id, provider.id, provider_label(provider))
                for provider in providers
            ),
        )
        content = format_html(
            "<h1>{}</h1>\n"
            '<p class="note">{}</p>\n'
            "<dl>\n<dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd>{}</dd>\n</dl>\n"
            '<form method="post" action="{}">\n{}\n'
            "<fieldset{}>\n<legend>{}</legend>\n{}\n</fieldset>\n"
            '<div class="actions">\n'
            '<button type="submit" class="pay" name="action" value="pay">{}</button>\n'
            '<button type="submit" class="cancel" name="action" value="cancel" formnovalidate>'
            "{}</button>\n</div>\n</form>",
            _("Choose how to pay"),
            _("This is a local simulator of Paytrail: no money moves."),
            _("Merchant"),
            payment.merchant_id,
            _("Amount"),
            format_amount(payment.amount),
            _("Reference"),
            payment.reference,
            action_url,
            error,
            SafeString(' aria-describedby="method-error"') if missing_choice else "",
            _("Payment method"),
            methods,
            _("Pay"),
            _("Cancel payment"),
        )
        return _document(language, title, content)


def message_page(language: str, heading: str, message: str) -> str:
    """A page with a heading and one sentence, e.g. for a payment already processed."""
    with override(language):
        return _document(
            language,
            heading,
            format_html("<h1>{}</h1>\n<p>{}</p>", heading, message),
        )


def processed_page(payment: SimulatedPayment) -> str:
    language = language_code(payment.language)
    with override(language):
        return message_page(
            language,
            _("Payment already processed"),
            _("This payment has already been paid or cancelled."),
        )


def not_found_page(language: str) -> str:
    with override(language):
        return message_page(
            language, _("Payment not found"), _("There is no payment at this address.")
        )


def terms_page(language: str) -> str:
    with override(language):
        return message_page(
            language,
            _("Payment terms"),
            _("The Paytrail simulator moves no money, and these are not real payment terms."),
        )

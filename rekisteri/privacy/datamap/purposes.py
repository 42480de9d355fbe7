"""The purposes of processing (seed S8), each with its legal basis (GDPR Art. 6, L6)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.privacy.datamap.vocabulary import LegalBasis, Purpose

CUSTOMER_RELATIONSHIP = Purpose(
    "essential.service",
    _("managing the customer relationship and keeping the customer register up to date"),
    LegalBasis.CONTRACT,
)
ORDER_DELIVERY = Purpose(
    "essential.service.operations",
    _("delivering the customer's orders and handling returns"),
    LegalBasis.CONTRACT,
)
PAYMENT = Purpose(
    "essential.service.payment_processing",
    _("handling payments"),
    LegalBasis.CONTRACT,
)
CREDIT_MANAGEMENT = Purpose(
    "essential.service.payment_processing.credit",
    _("granting and monitoring credit for invoice purchases"),
    LegalBasis.CONTRACT,
    extension=True,
)
CUSTOMER_CONTACT = Purpose(
    "essential.service.notifications",
    _("contacting customers about their orders, contests and feedback"),
    LegalBasis.CONTRACT,
)
ACCOUNTING = Purpose(
    "essential.legal_obligation",
    _("bookkeeping required by the Accounting Act"),
    LegalBasis.LEGAL_OBLIGATION,
)
SECURITY = Purpose(
    "essential.service.security",
    _("keeping the register and the customers' accounts secure"),
    LegalBasis.LEGITIMATE_INTEREST,
    legitimate_interest=_(
        "protecting customers' data and the shop's systems against misuse and breaches"
    ),
)
DIRECT_MARKETING = Purpose(
    "marketing.communications",
    _("the shop's own direct marketing to its customers, unless they have prohibited it"),
    LegalBasis.LEGITIMATE_INTEREST,
    legitimate_interest=_(
        "telling existing customers about the shop's own similar products; every message "
        "offers a free, one-click way to refuse"
    ),
)
ELECTRONIC_MARKETING = Purpose(
    "marketing.communications.email",
    _("electronic direct marketing (email, SMS) with the person's permission"),
    LegalBasis.CONSENT,
)
CONTESTS = Purpose(
    "essential.service.contests",
    _("running contests the person has entered and contacting the winners"),
    LegalBasis.CONSENT,
    extension=True,
)
FEEDBACK = Purpose(
    "essential.service.feedback",
    _("answering and acting on feedback"),
    LegalBasis.LEGITIMATE_INTEREST,
    legitimate_interest=_("improving the shop's service in response to what customers tell it"),
    extension=True,
)
BUSINESS_DEVELOPMENT = Purpose(
    "analytics.reporting",
    _(
        "developing and planning the business and its product range, with data that does "
        "not identify anyone"
    ),
    LegalBasis.LEGITIMATE_INTEREST,
    legitimate_interest=_("planning the product range from aggregate sales figures"),
)
STAFF_ADMINISTRATION = Purpose(
    "essential.service.staff_access",
    _("giving employees individual access to the register and tracing what they do"),
    LegalBasis.LEGAL_OBLIGATION,
    extension=True,
)
CONTROLLER_CONTACT = Purpose(
    "essential.legal_obligation.controller_contact",
    _("naming the controller's contact person for register matters"),
    LegalBasis.LEGAL_OBLIGATION,
    extension=True,
)
CONTEST_TERMS = Purpose(
    "essential.service.contests.terms",
    _(
        "running a contest under its published rules: taking entries, drawing the winners "
        "and delivering the prizes"
    ),
    LegalBasis.CONTRACT,
    extension=True,
)
PRIVACY_CHOICES = Purpose(
    "essential.legal_obligation.privacy_choices",
    _(
        "recording and honouring the person's marketing permissions, prohibition of direct "
        "marketing and restriction of processing, and showing that they were honoured"
    ),
    LegalBasis.LEGAL_OBLIGATION,
    extension=True,
)

"""The words the data map is written in: legal bases, sources, erasure actions, subjects,
purposes and data categories.

Categories and purposes use the fideslang taxonomy's names (``user.contact.email``,
``marketing.communications.email``) so the map can be exported as a fideslang dataset; where
fideslang has nothing that fits, a name is added under the nearest parent and marked as an
extension.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("consent (GDPR Art. 6(1)(a))")
    CONTRACT = "contract", _("performance of a contract (GDPR Art. 6(1)(b))")
    LEGAL_OBLIGATION = "legal_obligation", _("legal obligation (GDPR Art. 6(1)(c))")
    LEGITIMATE_INTEREST = "legitimate_interest", _("legitimate interest (GDPR Art. 6(1)(f))")


class Source(models.TextChoices):
    """Where a datum comes from (seed S11)."""

    GIVEN = "given", _("given by the person themselves")
    RECORDED = "recorded", _("recorded by the system during the customer relationship")
    RECEIVED = "received", _("received from the payment service provider")


class Erasure(models.TextChoices):
    """What erasure of the person does to a field (seed S14, GDPR Art. 17)."""

    DELETE = "delete", _("deleted")
    ANONYMISE = "anonymise", _("replaced with data that identifies no one")
    KEEP = "keep", _("kept, without identifying data, until its legal retention period ends")


class DataSubject(models.TextChoices):
    CUSTOMERS = "customers", _("customers, prospective customers and contest entrants")
    STAFF = "staff", _("the shop's employees")


@dataclass(frozen=True)
class Purpose:
    """A purpose of processing (seed S8) with its legal basis (GDPR Art. 6)."""

    key: str  # fideslang data use
    title: str | Promise
    basis: LegalBasis
    legitimate_interest: str | Promise | None = None
    extension: bool = False  # a data use added under fideslang's nearest one

    def __post_init__(self) -> None:
        if (self.basis == LegalBasis.LEGITIMATE_INTEREST) != bool(self.legitimate_interest):
            raise ValueError(
                f"purpose {self.key}: a legitimate interest must be stated exactly when it "
                "is the legal basis"
            )


@dataclass(frozen=True)
class Category:
    """A data category; ``extension`` marks names added to fideslang's taxonomy."""

    key: str
    title: str | Promise
    extension: bool = False

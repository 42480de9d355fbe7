"""The catalogue: product categories and the products sold in them.

Nothing here is personal data. Prices are integer cents with VAT included; the VAT rate is
stored with each product because Finland taxes different goods at different rates.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

PICTURE_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
# Product photos for a web page; anything larger is almost certainly not resized.
PICTURE_MAX_BYTES = 2 * 1024 * 1024


# The Finnish VAT rates in use, in percent.
VAT_GENERAL = Decimal("25.5")
VAT_REDUCED_14 = Decimal("14.0")
VAT_REDUCED_10 = Decimal("10.0")
VAT_ZERO = Decimal("0.0")

VAT_RATE_CHOICES = [
    (VAT_GENERAL, _("25.5 % (general rate)")),
    (VAT_REDUCED_14, _("14 % (food and restaurants)")),
    (VAT_REDUCED_10, _("10 % (books, medicines, culture)")),
    (VAT_ZERO, _("0 % (tax-free)")),
]


def validate_picture_size(picture: File) -> None:
    if picture.size is not None and picture.size > PICTURE_MAX_BYTES:
        raise ValidationError(
            _("The picture may be at most %(megabytes)s MB."),
            code="picture_too_large",
            params={"megabytes": PICTURE_MAX_BYTES // (1024 * 1024)},
        )


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("address name"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Categories are listed in this order.")
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("category")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    price_cents = models.PositiveIntegerField(_("price in cents, VAT included"))
    vat_rate = models.DecimalField(
        _("VAT rate"),
        max_digits=4,
        decimal_places=1,
        choices=VAT_RATE_CHOICES,
        default=VAT_GENERAL,
    )
    stock = models.PositiveIntegerField(_("stock"), default=0)
    picture = models.FileField(
        _("picture"),
        upload_to="shop/products/",
        blank=True,
        validators=[
            FileExtensionValidator(allowed_extensions=PICTURE_EXTENSIONS),
            validate_picture_size,
        ],
    )
    active = models.BooleanField(
        _("on sale"), default=True, help_text=_("Only products on sale are shown in the shop.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["category__position", "name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self) -> str:
        return self.name

    @property
    def in_stock(self) -> bool:
        return self.stock > 0

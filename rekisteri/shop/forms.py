"""Staff forms for the catalogue. They only parse and check input: saving goes through the
services, so ``save()`` is refused. The price is typed in euros and handed on in cents."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from rekisteri.shop.models import PICTURE_EXTENSIONS, Category, Product

# Big enough for any balloon; PositiveIntegerField holds far more cents.
MAX_PRICE_EUROS = Decimal("99999.99")


class CategoryForm(forms.ModelForm[Category]):
    class Meta:
        model = Category
        fields = ("name", "slug", "position")
        help_texts = {
            "slug": _("Used in the shop's web addresses. Leave empty to make it from the name."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def save(self, commit: bool = True) -> Category:
        raise TypeError("Save categories with the catalogue services, not the form.")


class ProductForm(forms.ModelForm[Product]):
    price = forms.DecimalField(
        label=_("Price (€, VAT included)"),
        min_value=Decimal("0"),
        max_value=MAX_PRICE_EUROS,
        decimal_places=2,
        localize=True,
        help_text=_("The price the customer pays, for example 12,90."),
    )

    class Meta:
        model = Product
        fields = (
            "category",
            "name",
            "slug",
            "description",
            "vat_rate",
            "stock",
            "picture",
            "active",
        )
        help_texts = {
            "slug": _("Used in the shop's web addresses. Leave empty to make it from the name."),
            "picture": _("A JPEG, PNG or WebP picture of at most 2 MB."),
        }
        widgets = {
            "picture": forms.ClearableFileInput(
                attrs={"accept": ",".join(f".{ext}" for ext in PICTURE_EXTENSIONS)}
            ),
        }

    field_order = ("category", "name", "slug", "description", "price", "vat_rate", "stock")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        if self.instance.pk is not None:
            self.initial["price"] = Decimal(self.instance.price_cents) / 100

    def values(self) -> dict[str, Any]:
        """The cleaned values as the product services take them."""
        data = self.cleaned_data
        values = {name: data[name] for name in self.Meta.fields if name != "picture"}
        values["price_cents"] = int(data["price"] * 100)
        # False: the clear box was ticked; a new upload replaces; otherwise keep the picture.
        if data["picture"] is False:
            values["picture"] = ""
        elif isinstance(data["picture"], UploadedFile):
            values["picture"] = data["picture"]
        return values

    def save(self, commit: bool = True) -> Product:
        raise TypeError("Save products with the catalogue services, not the form.")


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's message next to the field it is about (``price_cents`` → price)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = "price" if name == "price_cents" else name
        form.add_error(target if target in form.fields else NON_FIELD_ERRORS, errors)

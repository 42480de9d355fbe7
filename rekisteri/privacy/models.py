"""Stored versions of the register description.

The description is generated from the organisation settings, the data map and the processor
registry. Whenever what it says changes (in any language), the new text is stored as a new
version with its date, so every earlier version stays readable as it was published.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeVersion(models.Model):
    number = models.PositiveIntegerField(_("version"), unique=True)
    published_at = models.DateTimeField(_("published"))
    digest = models.CharField(_("content digest"), max_length=64)
    # {"fi": document, "sv": document, "en": document}; see privacy.notice.document.
    content = models.JSONField(_("content"))

    class Meta:
        ordering = ["-number"]
        verbose_name = _("register description version")
        verbose_name_plural = _("register description versions")

    def __str__(self) -> str:
        return f"v{self.number}"

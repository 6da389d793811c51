from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .fields import PictureField


class BodyImage(models.Model):
    """An image placed in rich text through the editor's picture dialog."""

    file = PictureField(
        _("image"),
        upload_to="body/%Y/%m/",
        width_field="width",
        height_field="height",
        original_name_field="original_name",
    )
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    original_name = models.CharField(
        _("original file name"), max_length=200, blank=True, editable=False
    )
    alt = models.CharField(
        _("image description"),
        max_length=250,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("image in text")
        verbose_name_plural = _("images in text")

    def __str__(self):
        return self.alt or self.original_name

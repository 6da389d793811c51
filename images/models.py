from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .fields import PictureField


class Cover(models.Model):
    """A cover image with its description, or marked decorative: an article's, an event's."""

    cover_image = PictureField(
        _("cover image"),
        upload_to="covers/%Y/%m/",
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
        original_name_field="cover_original_name",
        help_text=_(
            "A JPEG, PNG, WebP or AVIF photo. The site makes smaller copies for phones itself."
        ),
    )
    cover_width = models.PositiveIntegerField(_("cover width"), null=True, editable=False)
    cover_height = models.PositiveIntegerField(_("cover height"), null=True, editable=False)
    cover_original_name = models.CharField(
        _("original file name"), max_length=200, blank=True, editable=False
    )
    cover_alt = models.CharField(
        _("cover image description"),
        max_length=250,
        blank=True,
        help_text=_(
            "What the image shows, for readers who cannot see it. Required with an image "
            "unless it is marked as decorative."
        ),
    )
    cover_decorative = models.BooleanField(
        _("decorative image"),
        default=False,
        help_text=_(
            "The image adds nothing the text does not say: screen readers skip it and "
            "no description is needed."
        ),
    )

    class Meta:
        abstract = True

    def cover_errors(self):
        """For clean(): an image needs its description (in the original) unless decorative."""
        field = f"cover_alt_{settings.LANGUAGE_CODE}"
        if self.cover_image and not getattr(self, field) and not self.cover_decorative:
            return {
                field: _(
                    "Describe the image for readers who cannot see it, or mark it as decorative."
                )
            }
        return {}

    @property
    def cover_alt_text(self):
        """The cover's alt attribute: empty for a decorative image, so readers skip it."""
        return "" if self.cover_decorative else self.cover_alt


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

from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from .text import images_without_description, sanitize_html, tables_without_caption
from .typography import typograph_html

# What the editor offers matches what sanitize_html keeps.
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "History": True,
    # Images only inside a figure, chosen or uploaded in the "Browse…" window.
    "Figure": {"pickerUrl": reverse_lazy("admin:images_bodyimage_picker")},
    "Image": True,
    "Caption": True,
    # Rows, columns, header cells, merged cells; a merged first row is the caption.
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
}


class RichTextField(ProseEditorField):
    """Rich text edited with django-prose-editor, sanitized and given non-breaking spaces
    (editorial.typography) on every save: stored once, not worked out on every request.

    Doing it in pre_save covers the admin form, a raw POST that bypasses the
    editor and a plain ORM save() alike (translation fields inherit it).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", EDITOR_EXTENSIONS)
        kwargs.setdefault("sanitize", sanitize_html)
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        # Judged on what will be stored: an <img> the sanitizer drops needs no description.
        clean = sanitize_html(value)
        if images_without_description(clean):
            raise ValidationError(
                _("Describe every image in the text for readers who cannot see it."),
                code="image_without_description",
            )
        if tables_without_caption(clean):
            raise ValidationError(
                _(
                    "Give every table a caption: merge the cells of its first row and say "
                    "there what the table shows."
                ),
                code="table_without_caption",
            )

    def pre_save(self, model_instance, add):
        value = typograph_html(sanitize_html(getattr(model_instance, self.attname)))
        setattr(model_instance, self.attname, value)
        return value

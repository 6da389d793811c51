from django_prose_editor.fields import ProseEditorField

from .text import sanitize_html

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
}


class RichTextField(ProseEditorField):
    """Rich text edited with django-prose-editor and sanitized on every save.

    Sanitizing in pre_save covers the admin form, a raw POST that bypasses the
    editor and a plain ORM save() alike (translation fields inherit it).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", EDITOR_EXTENSIONS)
        kwargs.setdefault("sanitize", sanitize_html)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

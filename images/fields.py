from django import forms
from django.db import models, transaction
from django.db.models import signals

from . import renditions
from .uploads import accepted_types, clean_upload


class PictureFormField(forms.ImageField):
    """An image upload checked by images.uploads (header first, then decoding) — never by
    its name — and handed on as a clean copy under a random name."""

    def to_python(self, data):
        # forms.ImageField.to_python would open the file with every Pillow decoder.
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return clean_upload(upload)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ",".join(accepted_types())
        return attrs


class PictureFieldFile(models.fields.files.ImageFieldFile):
    def save(self, name, content, save=True):
        # Every way in (admin form, ORM, management command) stores a clean copy under a
        # random name; an unclean file raises ValidationError here.
        if not getattr(content, "name", None):
            content.name = name  # what the caller calls it is the "original" name
        content = clean_upload(content)
        if self.field.original_name_field:
            setattr(self.instance, self.field.original_name_field, content.original_name)
        super().save(content.name, content, save)


class PictureField(models.ImageField):
    """An ImageField whose files are checked and cleaned (images.uploads), with renditions
    made after the save is committed and old files (with their renditions) deleted when the
    image is replaced, cleared or its row deleted.

    Requires width_field and height_field: pages size images from them without file access.
    """

    attr_class = PictureFieldFile

    def __init__(self, *args, original_name_field=None, **kwargs):
        self.original_name_field = original_name_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.original_name_field:
            kwargs["original_name_field"] = self.original_name_field
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PictureFormField, **kwargs})

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            signals.post_init.connect(self.remember_stored_name, sender=cls)
            signals.pre_save.connect(self.look_up_stored_name, sender=cls)
            signals.post_save.connect(self.after_save, sender=cls)
            signals.post_delete.connect(self.after_delete, sender=cls)

    # The name in the database, as last loaded or saved, lives on the instance.
    def _stored_key(self):
        return f"_{self.attname}_stored_name"

    def remember_stored_name(self, instance, **kwargs):
        if self.attname in instance.__dict__:  # not deferred
            value = instance.__dict__[self.attname]
            instance.__dict__[self._stored_key()] = getattr(value, "name", value) or ""

    def look_up_stored_name(self, instance, raw=False, update_fields=None, **kwargs):
        """Deferred at load: ask the database what is about to be replaced."""
        if raw or instance._state.adding or self._stored_key() in instance.__dict__:
            return
        if update_fields is not None and self.attname not in update_fields:
            return
        stored = (
            type(instance)
            ._base_manager.filter(pk=instance.pk)
            .values_list(self.attname, flat=True)
            .first()
        )
        instance.__dict__[self._stored_key()] = stored or ""

    def after_save(self, instance, raw=False, update_fields=None, **kwargs):
        if raw or (update_fields is not None and self.attname not in update_fields):
            return
        old = instance.__dict__.get(self._stored_key(), "")
        file = getattr(instance, self.attname)
        new = file.name or ""
        instance.__dict__[self._stored_key()] = new
        if old == new:
            return
        if old:
            self._delete_on_commit(instance, old)
        if new:
            # After commit: a rolled-back save leaves no renditions behind, and the admin
            # answers as soon as they are written.
            transaction.on_commit(
                lambda: renditions.generate_logged(file), using=instance._state.db
            )

    def after_delete(self, instance, **kwargs):
        name = instance.__dict__.get(self._stored_key()) or getattr(instance, self.attname).name
        if name:
            self._delete_on_commit(instance, name)

    def _delete_on_commit(self, instance, name):
        model, storage, db = type(instance), self.storage, instance._state.db

        def delete():
            # A copied row may share the file; it stays while anything points to it.
            if not model._base_manager.using(db).filter(**{self.attname: name}).exists():
                renditions.delete(storage, name)

        transaction.on_commit(delete, using=db)

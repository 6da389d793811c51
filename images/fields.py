from django import forms
from django.apps import apps
from django.db import models, transaction
from django.db.models import signals

from . import renditions
from .uploads import accepted_types, check_media_writable, clean_upload


class PictureFormField(forms.ImageField):
    """An image upload checked by images.uploads (header first, then decoding) — never by
    its name — and handed on as a clean copy under a random name."""

    def to_python(self, data):
        # forms.ImageField.to_python would open the file with every Pillow decoder.
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        check_media_writable()
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
            self._delete_on_commit(type(instance), instance._state.db, old)
        if new:
            # After commit: a rolled-back save leaves no renditions behind, and the admin
            # answers as soon as they are written.
            transaction.on_commit(
                lambda: renditions.generate_logged(file), using=instance._state.db
            )

    def after_delete(self, instance, **kwargs):
        name = instance.__dict__.get(self._stored_key()) or getattr(instance, self.attname).name
        # The row is gone for good: so are the files only its past versions pointed to.
        self._delete_on_commit(
            type(instance), instance._state.db, name, with_history_of=instance.pk
        )

    def _delete_on_commit(self, model, db, name, with_history_of=None):
        storage = self.storage

        def delete():
            names = {name} if name else set()
            if with_history_of is not None:
                for history in history_models(model):
                    names.update(
                        history._base_manager.using(db)
                        .filter(**{model._meta.pk.attname: with_history_of})
                        .exclude(**{self.attname: ""})
                        .values_list(self.attname, flat=True)
                    )
            for unused in sorted(names):
                if not self.in_use(model, unused, db, ignore_history_of=with_history_of):
                    renditions.delete(storage, unused)

        transaction.on_commit(delete, using=db)

    def in_use(self, model, name, db, ignore_history_of=None):
        """Whether a row, or a past version of one that still exists, points to the file.

        A copied row may share the file, and an editor may restore a revision with an
        earlier image (editorial.workflow.restore_revision): those keep it.
        """
        if model._base_manager.using(db).filter(**{self.attname: name}).exists():
            return True
        for history in history_models(model):
            versions = history._base_manager.using(db).filter(**{self.attname: name})
            if ignore_history_of is not None:
                versions = versions.exclude(**{model._meta.pk.attname: ignore_history_of})
            if versions.exists():
                return True
        return False


def forget_past_version(sender, instance, **kwargs):
    """A past version deleted (history trimmed): its file goes if nothing else has it."""
    model = sender.instance_type
    for field in model._meta.concrete_fields:
        if isinstance(field, PictureField) and (name := getattr(instance, field.attname)):
            field._delete_on_commit(model, instance._state.db, name)


def connect_history(model):
    for history in history_models(model):
        signals.post_delete.connect(forget_past_version, sender=history)


def history_models(model):
    """Models keeping past versions of model's rows: django-simple-history's historical
    models name their model in instance_type."""
    return [m for m in apps.get_models() if getattr(m, "instance_type", None) is model]

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import renditions
from .models import BodyImage


class PickerForm(forms.ModelForm):
    caption = forms.CharField(
        label=_("caption"),
        max_length=300,
        required=False,
        help_text=_("Optional. Shown under the image in this text only."),
    )

    class Meta:
        model = BodyImage
        fields = ["file", "alt"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caption"].label = capfirst(self.fields["caption"].label)


@admin.register(BodyImage)
class BodyImageAdmin(admin.ModelAdmin):
    list_display = ["preview", "alt", "original_name", "width", "height", "created_at"]
    search_fields = ["alt", "original_name"]
    date_hierarchy = "created_at"
    list_select_related = ["uploaded_by"]
    readonly_fields = ["preview", "original_name", "width", "height", "uploaded_by"]
    fields = ["file", "alt", "preview", "original_name", "width", "height", "uploaded_by"]

    @admin.display(description=_("preview"))
    def preview(self, obj):
        picture = renditions.picture(obj.file) if obj and obj.file else None
        if picture is None:
            return "—"
        # In the list the preview is the link to the image: its description names the link.
        return format_html(
            '<img src="{}" alt="{}" width="160" loading="lazy">', picture.src, obj.alt
        )

    def save_model(self, request, obj, form, change):
        if obj.uploaded_by_id is None:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        picker = path(
            "picker/",
            self.admin_site.admin_view(self.picker_view),
            name="images_bodyimage_picker",
        )
        return [picker, *super().get_urls()]

    def picker_view(self, request):
        """The editor's "Browse…" window: upload an image with its description, or pick a
        recent one; the choice goes back into the editor's picture dialog."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        can_add = self.has_add_permission(request)
        chosen = None
        form = PickerForm(request.POST or None, request.FILES or None) if can_add else None
        if request.method == "POST" and form is not None and form.is_valid():
            chosen = form.save(commit=False)
            chosen.uploaded_by = request.user
            chosen.save()
            chosen.caption = form.cleaned_data["caption"]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Insert an image"),
            "is_popup": True,  # a small window: no header or navigation
            "is_nav_sidebar_enabled": False,
            "opts": self.opts,
            "form": form,
            "chosen": chosen,
            "recent": BodyImage.objects.all()[:24],
            "media": self.media + (form.media if form else forms.Media()),
        }
        return TemplateResponse(request, "images/picker.html", context)

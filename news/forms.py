from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from editorial.admin import kyiv_time, user_name

from .models import Article


class ArticleForm(forms.ModelForm):
    """The admin's article form, with optimistic locking.

    The form carries the version it was opened with; a save based on an older version is
    refused, the editor's input stays in the form, and a second save (after reading the
    message) replaces the other change deliberately.
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = ["slug"]  # the admin passes the full list, from its fieldsets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        # A published address never changes by accident: emptying the field keeps it.
        was_public = self.instance.status in {Article.Status.PUBLISHED, Article.Status.ARCHIVED}
        if not slug and self.instance.pk and was_public:
            return self.instance.slug
        return slug

    def clean_slug_en(self):
        # The English address is as stable as the Ukrainian one.
        slug = self.cleaned_data.get("slug_en")
        was_public = self.instance.status in {Article.Status.PUBLISHED, Article.Status.ARCHIVED}
        if not slug and self.instance.pk and was_public:
            return self.instance.slug_en
        return slug or None

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            self.check_version(cleaned_data.get("base_version"))
        return cleaned_data

    def full_clean(self):
        super().full_clean()
        # A browser never sends a chosen file again: after any error, say so plainly.
        chosen = self.files.get(self.add_prefix("cover_image"))
        if self._errors and chosen and "cover_image" not in self._errors:
            self._errors["cover_image"] = self.error_class(
                [
                    gettext(
                        "The form has errors, so the image «%(name)s» was not saved. "
                        "Choose it again before saving."
                    )
                    % {"name": chosen.name}
                ]
            )

    def check_version(self, base_version):
        # Locked until the admin's transaction ends, so two saves cannot both pass.
        current = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is None or base_version == current:
            self.instance.version = current or self.instance.version
            return
        self.data = self.data.copy()
        self.data[self.add_prefix("base_version")] = current
        latest = self.instance.history.select_related("history_user").first()
        history_url = reverse("admin:news_article_history", args=[self.instance.pk])
        raise ValidationError(
            format_html(
                gettext(
                    "Someone else changed this article while you were editing it: "
                    "{who}, {when} (Kyiv time). Your changes are not saved yet, and they "
                    'are still in the form below. Compare with the <a href="{history}" '
                    'target="_blank">history</a>, then save again if your version should '
                    "replace theirs."
                ),
                who=user_name(latest.history_user) if latest else gettext("someone"),
                when=kyiv_time(latest.history_date if latest else self.instance.updated_at),
                history=history_url,
            ),
            code="conflict",
        )

"""What the import from the old site keeps: where each article came from, and the hromadas
its text mentions for an editor to confirm. The tables keep the names they had in news."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from news.models import Article
from partners.models import Municipality


class ImportRecord(models.Model):
    """Where an article came from when it was moved in from the old site (issue 11).

    The key (the old address) makes a repeated import find its article; the fingerprints
    tell a changed source from an unchanged one, and an editor's edit from none.
    """

    article = models.OneToOneField(
        Article, models.CASCADE, related_name="import_record", verbose_name=_("article")
    )
    key = models.CharField(
        _("old address"),
        max_length=200,
        unique=True,
        help_text=_("The article's address on the old site; a repeated import finds it by this."),
    )
    old_url = models.CharField(_("old link"), max_length=500, blank=True)
    source = models.CharField(
        _("source file"), max_length=300, help_text=_("File (and line) of the last import.")
    )
    source_fingerprint = models.CharField(max_length=64, editable=False)
    article_fingerprint = models.CharField(max_length=64, editable=False)
    title_needs_review = models.BooleanField(
        _("title needs checking"),
        default=False,
        help_text=_(
            "The old page had no title: it was made from the first sentence. "
            "Untick when the title has been checked."
        ),
    )
    imported_at = models.DateTimeField(_("imported"))

    class Meta:
        db_table = "news_importrecord"  # made when the import lived in news; kept
        ordering = ["-imported_at"]
        verbose_name = _("import from the old site")
        verbose_name_plural = _("imports from the old site")

    def __str__(self):
        return self.key


class MunicipalitySuggestion(models.Model):
    """A hromada an imported text seems to mention, waiting for an editor's yes or no."""

    article = models.ForeignKey(
        Article,
        models.CASCADE,
        related_name="municipality_suggestions",
        verbose_name=_("article"),
    )
    municipality = models.ForeignKey(
        Municipality,
        models.CASCADE,
        related_name="+",
        verbose_name=_("hromada"),
    )
    mention = models.CharField(
        _("mentioned as"), max_length=100, help_text=_("The words in the text, e.g. «Тернополя».")
    )

    class Meta:
        db_table = "news_municipalitysuggestion"  # made when the import lived in news; kept
        ordering = ["pk"]
        verbose_name = _("suggested hromada")
        verbose_name_plural = _("suggested hromadas")
        constraints = [
            models.UniqueConstraint(
                # Named when the import lived in news; the name stays with the table.
                fields=["article", "municipality"],
                name="news_suggestion_once_per_article",
            ),
        ]

    def __str__(self):
        return f"{self.municipality} «{self.mention}»"

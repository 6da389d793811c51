"""Moving in: the entries read from the old site's exports (legacy_import.exports) written
as articles (issues 11, 25). `import_entry` writes one article in one transaction.
"""

import html
from dataclasses import dataclass

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.html import strip_tags

from editorial.text import slugify_uk
from news.models import Article, Category, Tag
from partners.models import Organization, Programme

from .exports import description_from_html, sha256
from .models import ImportRecord, MunicipalitySuggestion

# A programme made from a footer needs a donor; the editor replaces this one.
UNKNOWN_DONOR = "Донор не вказаний (імпорт зі старого сайту)"


@dataclass
class Outcome:
    CREATED, UPDATED, UNCHANGED, KEPT = "created", "updated", "unchanged", "kept"

    action: str
    article: Article
    new_programme: Programme | None = None


def article_fingerprint(article):
    return sha256(f"{article.title_uk}\0{article.body_uk}")


def import_entry(
    entry,
    *,
    status,
    default_category,
    overwrite_edits=False,
    municipalities=None,
    progress=None,
):
    """Create or update the entry's article with its tags, programme, old-address redirects
    and suggested hromadas (from a legacy_import.mentions.MunicipalityIndex), atomically.
    progress(share) follows the hromada search, the long part of a large article."""
    with transaction.atomic():
        record = (
            ImportRecord.objects.select_related("article")
            .select_for_update()
            .filter(key=entry.key)
            .first()
        )
        fingerprint = entry.fingerprint()
        if record is None:
            article = Article(status=status)
            action = Outcome.CREATED
        else:
            article = record.article
            if record.source_fingerprint == fingerprint:
                return Outcome(Outcome.UNCHANGED, article)
            if record.article_fingerprint != article_fingerprint(article) and not overwrite_edits:
                return Outcome(Outcome.KEPT, article)
            action = Outcome.UPDATED

        # The description follows the text unless an editor has written one of their own.
        if (article.meta_description_uk or "") in {"", description_from_html(article.body_uk)}:
            article.meta_description_uk = entry.description
        article.title_uk = entry.title
        article.body_uk = entry.body
        article.published_at = entry.published_at
        article.category = find_or_create(Category, entry.category or default_category)
        new_programme = None
        if entry.programme:
            article.programme, new_programme = find_or_create_programme(entry.programme)
        article.save()
        article.tags.set([find_or_create(Tag, name) for name in entry.tags])
        if municipalities is not None:
            mentions = municipalities.find(article_text(article), progress=progress)
            suggest_municipalities(article, mentions)

        site = Site.objects.get_current()
        with translation.override(settings.LANGUAGE_CODE):
            new_path = article.get_absolute_url()
        for old_path in entry.old_paths:
            Redirect.objects.update_or_create(
                site=site, old_path=old_path, defaults={"new_path": new_path}
            )
        ImportRecord.objects.update_or_create(
            article=article,
            defaults={
                "key": entry.key,
                "old_url": entry.old_url,
                "source": entry.source,
                "source_fingerprint": fingerprint,
                "article_fingerprint": article_fingerprint(article),
                "title_needs_review": entry.title_needs_review,
                "imported_at": timezone.now(),
            },
        )
        return Outcome(action, article, new_programme)


def find_or_create(model, name):
    """A category or tag by its Ukrainian name or the slug it gives, whatever the letter case
    (SQLite's iexact is case-blind for ASCII only; the slug is lower case everywhere)."""
    found = model.objects.filter(Q(name_uk__iexact=name) | Q(slug=slugify_uk(name))).first()
    return found or model.objects.create(name_uk=name)


def find_or_create_programme(programme):
    """The programme a footer names, by acronym or full name; (programme, None) when it
    exists, (programme, programme) when it had to be made (its donor is then unknown)."""
    wanted = {programme.acronym.casefold(), programme.name.casefold()}
    for existing in Programme.objects.all():
        names = {existing.acronym_uk or "", existing.name_uk or ""}
        if wanted & {name.casefold() for name in names if name}:
            return existing, None
    donor, _created = Organization.objects.get_or_create(
        name_uk=UNKNOWN_DONOR, defaults={"kind": Organization.Kind.DONOR}
    )
    created = Programme.objects.create(
        name_uk=programme.name, acronym_uk=programme.acronym, donor=donor
    )
    return created, created


def article_text(article):
    return f"{article.title_uk}\n{html.unescape(strip_tags(article.body_uk))}"


def suggest_municipalities(article, mentions):
    """Offer the mentioned hromadas not yet linked; forget suggestions no longer mentioned."""
    linked = set(article.municipalities.values_list("pk", flat=True))
    wanted = {m.municipality_id: m for m in mentions if m.municipality_id not in linked}
    article.municipality_suggestions.exclude(municipality_id__in=wanted).delete()
    existing = set(article.municipality_suggestions.values_list("municipality_id", flat=True))
    MunicipalitySuggestion.objects.bulk_create(
        MunicipalitySuggestion(article=article, municipality_id=pk, mention=m.text[:100])
        for pk, m in wanted.items()
        if pk not in existing
    )

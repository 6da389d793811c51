import pytest
from django.utils import timezone

from news.models import Article, Category, Tag


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def category(db):
    return Category.objects.create(name_uk="Події", name_en="Events")


@pytest.fixture
def make_article(db, category):
    """make_article(**overrides): a published article from an hour ago unless told otherwise."""
    counter = iter(range(1, 10_000))

    def make(**overrides):
        number = next(counter)
        tags = overrides.pop("tags", [])
        fields = {
            "title_uk": f"Громади обговорили новий бюджет {number}",
            "lead_uk": "Короткий вступ до новини.",
            "body_uk": "<p>Текст новини.</p>",
            "category": category,
            "status": Article.Status.PUBLISHED,
            "published_at": timezone.now() - timezone.timedelta(hours=number),
        } | overrides
        article = Article.objects.create(**fields)
        article.tags.set(tags)
        return article

    return make


@pytest.fixture
def make_tag(db):
    counter = iter(range(1, 10_000))

    def make(name=None):
        return Tag.objects.create(name_uk=name or f"тема {next(counter)}")

    return make

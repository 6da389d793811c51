import pytest
from django.core.cache import cache
from django.utils import timezone, translation

from news.models import Article, Category, Tag


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Pages are rendered for every request, so query budgets and response.context hold;
    # tests/test_pagecache.py turns the page cache on. Local memory outlives a test.
    settings.PAGE_CACHE_SECONDS = 0
    # Each worker's copies are for a shared cache (Redis); tests/test_pagecache.py turns them on.
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    # Tests travel days ahead with signed-in clients; tests/deploy/test_settings.py checks
    # the working day's idle timeout itself.
    settings.SESSION_COOKIE_AGE = 30 * 24 * 3600
    cache.clear()
    yield
    # A request to /en/… leaves English active in this thread; the next test's reverse()
    # would then build /en/ addresses.
    translation.deactivate()


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


# --- Editorial roles (amu_site/roles.py) ---------------------------------------------


@pytest.fixture
def roles(db):
    """The «Автор» and «Редактор» groups as amu_site/roles.py declares them (a transactional
    test flushes them, so each test asks for them again)."""
    from django.contrib.auth.models import Group

    from amu_site.roles import AUTHOR, EDITOR, sync_roles

    sync_roles()
    return {"author": Group.objects.get(name=AUTHOR), "editor": Group.objects.get(name=EDITOR)}


@pytest.fixture
def make_staff(roles, django_user_model):
    """make_staff("author" | "editor", username): a staff user in that role."""

    def make(role, username):
        user = django_user_model.objects.create_user(
            username, password="password", is_staff=True, first_name=username.capitalize()
        )
        user.groups.add(roles[role])
        return user

    return make


@pytest.fixture
def author(make_staff):
    return make_staff("author", "olena")


@pytest.fixture
def editor(make_staff):
    return make_staff("editor", "taras")


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client


@pytest.fixture
def editor_client(editor):
    from django.test import Client

    client = Client()
    client.force_login(editor)
    return client

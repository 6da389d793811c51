import pytest
from django.core.management import call_command

from news.models import Article, Category

pytestmark = pytest.mark.django_db


def test_demo_content_is_rich_and_idempotent(client):
    """A newcomer sees a populated site; loading twice creates nothing new."""
    call_command("load_demo_content", "--no-admin")
    counts = (Article.objects.count(), Category.objects.count())
    call_command("load_demo_content", "--no-admin")
    assert (Article.objects.count(), Category.objects.count()) == counts
    assert Article.objects.published().count() >= 12
    assert Category.objects.count() >= 3
    assert Article.objects.exclude(cover_image="").exists()
    assert Article.objects.filter(tags__isnull=False).distinct().count() >= 12

    hidden = Article.objects.exclude(pk__in=Article.objects.published())
    assert {a.status for a in hidden} == {"draft", "published"}  # a draft and a scheduled one
    for article in hidden:
        assert client.get(article.get_absolute_url()).status_code == 404


def test_brussels_story(client):
    """The story of 17 June 2022 about OGP Local is on the site with its facts."""
    call_command("load_demo_content", "--no-admin")
    article = Article.objects.get(title_uk__contains="Брюссел")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "17\xa0червня\xa02022" in html
    for fact in ["237", "Тернопіл", "Хмельницьк", "Вінниц", "2020"]:
        assert fact in html, fact

"""Bylines: the people an article names, their pages and feeds (issue 28, item 3)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from news.models import Article, Person
from tests.security.checks import json_ld

pytestmark = pytest.mark.django_db


def by_type(html):
    return {block["@type"]: block for block in json_ld(html)}


@pytest.fixture
def olena(db):
    return Person.objects.create(
        name_uk="Олена Коваль",
        name_en="Olena Koval",
        position_uk="експертка з місцевих фінансів",
        position_en="local finance expert",
        bio_uk="Аналізує бюджети громад.",
    )


@pytest.fixture
def andrii(db):
    return Person.objects.create(name_uk="Андрій Мельник", name_en="Andrii Melnyk")


@pytest.fixture
def signed(make_article, olena, andrii):
    article = make_article(
        title_uk="Бюджет громад на 2026 рік",
        title_en="Hromadas' budgets for 2026",
        lead_en="A short lead.",
        body_en="<p>Text.</p>",
    )
    article.people.set([olena, andrii])
    return article


def test_byline_under_the_title_in_both_languages(client, signed, olena, andrii):
    html = client.get(signed.get_absolute_url()).content.decode()
    byline = html.split('class="article__byline">')[1].split("</p>")[0]
    assert byline.startswith("Автори:")
    assert '<a href="/novyny/avtory/olena-koval/">Олена Коваль</a>' in byline
    assert "Андрій Мельник" in byline and "<span>експертка з\xa0місцевих фінансів" in byline
    html = client.get(signed.url_in("en")).content.decode()
    byline = html.split('class="article__byline">')[1].split("</p>")[0]
    assert byline.startswith("Authors:")
    assert '<a href="/en/news/authors/olena-koval/">Olena Koval</a>' in byline
    assert "<span>local finance expert</span>" in byline


def test_a_name_without_translation_is_marked_ukrainian(client, signed, andrii):
    andrii.name_en = ""
    andrii.position_uk = "аналітик"
    andrii.save()
    html = client.get(signed.url_in("en")).content.decode()
    assert 'lang="uk">Андрій Мельник</a>, <span lang="uk">аналітик</span>' in html


def test_article_without_people_has_no_byline(client, make_article):
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert "article__byline" not in html


def test_json_ld_names_the_people_or_the_association(client, signed, make_article):
    news = by_type(client.get(signed.get_absolute_url()).content.decode())["NewsArticle"]
    assert news["author"] == [
        {
            "@type": "Person",
            "name": "Андрій Мельник",
            "url": "http://testserver/novyny/avtory/andrii-melnyk/",
        },
        {
            "@type": "Person",
            "name": "Олена Коваль",
            "url": "http://testserver/novyny/avtory/olena-koval/",
            "jobTitle": "експертка з місцевих фінансів",
        },
    ]
    unsigned = make_article()
    news = by_type(client.get(unsigned.get_absolute_url()).content.decode())["NewsArticle"]
    assert news["author"]["@type"] == "Organization"
    assert news["author"] == news["publisher"]


def test_author_page_lists_only_public_articles(client, signed, olena, make_article):
    draft = make_article(status=Article.Status.DRAFT)
    scheduled = make_article(published_at=timezone.now() + timezone.timedelta(days=1))
    other = make_article()
    for article in (draft, scheduled):
        article.people.add(olena)
    response = client.get("/novyny/avtory/olena-koval/")
    assert response.status_code == 200
    assert list(response.context["articles"]) == [signed]
    assert other not in response.context["articles"]
    html = response.content.decode()
    assert "<h1>Олена Коваль</h1>" in html and "Аналізує бюджети громад." in html
    assert 'href="/novyny/avtory/olena-koval/rss.xml"' in html
    english = client.get("/en/news/authors/olena-koval/")
    assert english.status_code == 200
    assert list(english.context["articles"]) == [signed]
    assert client.get("/novyny/avtory/nemaie-takoi/").status_code == 404


def test_author_page_query_budget(client, olena, make_article, django_assert_max_num_queries):
    """The author page is paginated as the news list and costs the same for any number."""
    for _ in range(30):
        make_article().people.add(olena)
    url = olena.get_absolute_url()
    client.get("/novyny/")  # menus and site settings, then cached
    with django_assert_max_num_queries(3):  # person, count, page
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(2):  # the count is remembered
        assert client.get(url + "?page=2").status_code == 200


def test_author_feeds(client, signed, olena, make_article):
    draft = make_article(title_uk="Чернетка без дати", status=Article.Status.DRAFT)
    draft.people.add(olena)
    rss = client.get("/novyny/avtory/olena-koval/rss.xml")
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    content = rss.content.decode()
    assert "Бюджет громад на 2026 рік" in content and "Чернетка" not in content
    assert "<title>" in content and "Олена Коваль" in content
    atom = client.get("/en/news/authors/olena-koval/atom.xml")
    assert atom.status_code == 200 and "Hromadas" in atom.content.decode()
    assert client.get("/novyny/avtory/nemaie/rss.xml").status_code == 404


def test_author_picks_people_editor_manages_them(author_client, editor_client, olena, roles):
    picker = "/admin/autocomplete/?app_label=news&model_name=article&field_name=people&term=Олен"
    response = author_client.get(picker)
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["Олена Коваль"]
    form = author_client.get("/admin/news/article/add/").content.decode()
    assert 'name="people"' in form
    assert author_client.get("/admin/news/person/add/").status_code == 403
    assert author_client.post(f"/admin/news/person/{olena.pk}/change/", {}).status_code == 403

    assert editor_client.get("/admin/news/person/add/").status_code == 200
    response = editor_client.post(
        "/admin/news/person/add/",
        {"name_uk": "Ірина Бондар", "name_en": "", "position_uk": "гостьова авторка"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(name_uk="Ірина Бондар")
    assert person.slug == "iryna-bondar"
    assert editor_client.get("/admin/news/person/").status_code == 200


def test_photo_needs_a_description_and_is_the_persons_image(client, signed, olena):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "navy").save(buffer, "JPEG")
    olena.photo.save("olena.jpg", ContentFile(buffer.getvalue()), save=False)
    with pytest.raises(ValidationError) as error:
        olena.clean()
    assert "photo_alt_uk" in error.value.message_dict
    olena.photo_alt_uk = "Портрет Олени Коваль"
    olena.clean()
    olena.save()
    news = by_type(client.get(signed.get_absolute_url()).content.decode())["NewsArticle"]
    assert news["author"][1]["image"].startswith("http://testserver/media/people/")
    html = client.get(olena.get_absolute_url()).content.decode()
    assert 'alt="Портрет Олени Коваль"' in html


def test_author_page_is_cached_and_follows_changes(client, settings, olena, make_article):
    """Cached like a category page: a new byline or a renamed person shows at once."""
    settings.PAGE_CACHE_SECONDS = 600
    article = make_article(title_uk="Про бюджет громад")
    url = olena.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert "Про бюджет громад" not in client.get(url).content.decode()
    assert "Олена Коваль" not in client.get(article.get_absolute_url()).content.decode()
    article.people.add(olena)
    assert "Про бюджет громад" in client.get(url).content.decode()
    olena.name_uk = "Олена Коваль-Бондар"
    olena.save()
    assert "Олена Коваль-Бондар" in client.get(article.get_absolute_url()).content.decode()


def test_author_pages_are_in_the_sitemap_while_they_have_published_pieces(
    client, signed, olena, andrii
):
    """Search engines find an author's page from the sitemap, in the languages it has."""
    sitemap = client.get("/sitemap-authors.xml").content.decode()
    assert "http://testserver/novyny/avtory/olena-koval/" in sitemap
    assert 'hreflang="en" href="http://testserver/en/news/authors/olena-koval/"' in sitemap
    unsigned = Person.objects.create(name_uk="Ірина Бойко")
    assert unsigned.slug not in client.get("/sitemap-authors.xml").content.decode()
    signed.status = Article.Status.DRAFT
    signed.save()
    assert client.get("/sitemap-authors.xml").status_code == 404


def test_revisions_keep_the_byline_and_a_restore_brings_it_back(
    editor_client, make_article, olena, andrii
):
    """An editor changes who signed a piece: the history says so, a restore brings the
    earlier byline back."""
    from django.urls import reverse

    from tests.news.test_editorial_workflow import change_url, form_data

    article = make_article(title_uk="Аналітика бюджетів")
    article.people.set([olena])
    first = article.history.first()
    response = editor_client.get(change_url(article))
    assert (
        editor_client.post(
            change_url(article), form_data(response, people=[str(andrii.pk)])
        ).status_code
        == 302
    )
    assert list(article.people.all()) == [andrii]
    history = editor_client.get(reverse("admin:news_article_history", args=[article.pk]))
    assert "Автори статті" in history.context["rows"][0]["changed"]
    restore = editor_client.post(
        reverse("admin:news_article_revision_restore", args=[article.pk, first.history_id])
    )
    assert restore.status_code == 302
    assert list(article.people.all()) == [olena]

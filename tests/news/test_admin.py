import pytest
from django.urls import reverse

from news.models import Article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name", ["news_article", "news_category", "news_tag"])
def test_changelist_and_add_form_open(admin_client, make_article, url_name):
    """Every list and add form of the newsroom opens for an editor, in Ukrainian."""
    make_article()
    changelist = admin_client.get(reverse(f"admin:{url_name}_changelist"))
    assert changelist.status_code == 200
    add = admin_client.get(reverse(f"admin:{url_name}_add"))
    assert add.status_code == 200
    assert 'lang="uk"' in add.content.decode()


def test_article_changelist_filters_search_and_hierarchy(admin_client, make_article):
    """Editors filter by status, search by title, and browse by date."""
    make_article(title_uk="Бюджет громади Тернополя")
    make_article(title_uk="Чернетка про енергетику", status="draft", published_at=None)
    url = reverse("admin:news_article_changelist")
    assert admin_client.get(url, {"status__exact": "draft"}).context["cl"].result_count == 1
    assert admin_client.get(url, {"q": "Тернополя"}).context["cl"].result_count == 1
    response = admin_client.get(url)
    html = response.content.decode()
    for column in ["Публікація", "Рубрика", "Автор", "Англійська", "Головна новина"]:
        assert column in html
    assert response.context["cl"].date_hierarchy == "published_at"


def test_change_form_has_tabs_editor_and_view_on_site(admin_client, make_article):
    """The change form offers language tabs (served locally), the editor and a site link."""
    article = make_article()
    html = admin_client.get(
        reverse("admin:news_article_change", args=[article.pk])
    ).content.decode()
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in html
    assert "ajax.googleapis.com" not in html and "cdn" not in html.lower()
    assert "prose-editor" in html
    assert "Дивитися на сайті" in html


def test_category_and_tag_autocomplete(admin_client, make_article, make_tag):
    """Category and tags are picked by autocomplete, not from a long list."""
    make_tag("енергетика")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "енерг", "app_label": "news", "model_name": "article", "field_name": "tags"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["енергетика"]


def test_publish_and_unpublish_actions(admin_client, make_article):
    """The list actions publish drafts (stamping the time) and take articles down."""
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    url = reverse("admin:news_article_changelist")
    admin_client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED and draft.published_at is not None
    admin_client.post(url, {"action": "unpublish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_cover_without_description_is_refused(admin_client, category):
    """An image without alt text is refused with a Ukrainian message, keeping the input."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from news.management.commands.load_demo_content import cover_image

    upload = SimpleUploadedFile("cover.jpg", cover_image("x").read(), content_type="image/jpeg")
    response = admin_client.post(
        reverse("admin:news_article_add"),
        {
            "title_uk": "Новина з фото",
            "category": category.pk,
            "status": "draft",
            "cover_image": upload,
        },
    )
    assert response.status_code == 200
    assert "Опишіть зображення" in response.content.decode()
    assert 'value="Новина з фото"' in response.content.decode()
    assert not Article.objects.exists()


def test_server_makes_the_slug_from_the_ukrainian_title(admin_client, category):
    """An editor leaves the slug empty and gets the official transliteration."""
    admin_client.post(
        reverse("admin:news_article_add"),
        {
            "title_uk": "Згорани та Розгон: об’єднання громад",
            "category": category.pk,
            "status": "draft",
        },
    )
    assert Article.objects.get().slug == "zghorany-ta-rozghon-obiednannia-hromad"


def add_article_with_slug(admin_client, category, slug):
    return admin_client.post(
        reverse("admin:news_article_add"),
        {"title_uk": "Підсумки року", "slug": slug, "category": category.pk, "status": "draft"},
    )


def test_a_year_typed_as_the_slug_is_refused_in_ukrainian(admin_client, category):
    """An editor who types «2025» as the address is told why, and keeps what she wrote."""
    response = add_article_with_slug(admin_client, category, "2025")
    assert response.status_code == 200
    html = response.content.decode()
    assert "належить архіву новин за цей рік" in html
    assert 'value="Підсумки року"' in html
    assert not Article.objects.exists()


def test_a_slug_with_a_year_in_it_is_fine(admin_client, category):
    """Only a year alone is the archive's: «pidsumky-2025» is an article's address."""
    assert add_article_with_slug(admin_client, category, "pidsumky-2025").status_code == 302
    assert Article.objects.get().slug == "pidsumky-2025"


def test_failed_save_says_the_cover_must_be_chosen_again(author_client, category):
    """After an error elsewhere in the form, the author is told the chosen cover is not kept."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.images import factories

    response = author_client.post(
        reverse("admin:news_article_add"),
        {
            "title_uk": "",  # missing: the form has an error
            "category": str(category.pk),
            "status": "draft",
            "cover_image": SimpleUploadedFile("cover.jpg", factories.jpeg()),
            "cover_alt_uk": "Зустріч голів громад",
        },
    )
    assert response.status_code == 200
    assert "зображення «cover.jpg» не збережено. Виберіть його ще раз" in (
        response.content.decode()
    )


def test_record_shows_the_authors_name(author_client, author, make_article):
    """The «Автор» field shows the person's name, not the login."""
    article = make_article(author=author, status="draft", published_at=None)
    html = author_client.get(reverse("admin:news_article_change", args=[article.pk])).content
    assert author.get_full_name() in html.decode()
    assert 'class="readonly">olena<' not in html.decode()


def test_author_reads_own_published_article_as_text(author_client, author, make_article):
    """An author's published article opens read only, its text rendered, not as HTML code."""
    article = make_article(author=author, body_uk="<p>Текст <strong>новини</strong>.</p>")
    html = author_client.get(reverse("admin:news_article_change", args=[article.pk])).content
    html = html.decode()
    assert "<p>Текст <strong>новини</strong>.</p>" in html
    assert "&lt;p&gt;" not in html

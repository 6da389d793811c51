"""The newsroom's workflow: scheduling, no lost edits, revisions, trash, previews, addresses."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from news.models import Article, ArticleSlugHistory, PreviewLink

pytestmark = pytest.mark.django_db

KYIV = ZoneInfo("Europe/Kyiv")


def kyiv(*args):
    return datetime(*args, tzinfo=KYIV)


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def form_data(response, **overrides):
    """The change form's values as the browser would post them, with overrides."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or hasattr(value, "storage"):  # no file uploads here
            continue
        if isinstance(value, list):
            data[name] = value
        elif hasattr(field, "fields"):  # split date and time
            for index, part in enumerate(field.widget.decompress(value)):
                if part is not None:
                    data[f"{name}_{index}"] = part.isoformat()
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    data.update(overrides)
    data["_save"] = "Зберегти"
    return data


def visible_in(client, article, urls):
    return {url: article.title_uk in client.get(url).content.decode() for url in urls}


# --- Scheduling and expiry, with a frozen clock -----------------------------------------


def test_scheduled_article_appears_and_disappears_at_the_minute(client, make_article, category):
    """A scheduled article goes live at its minute and leaves at its removal time, no job."""
    goes_live, leaves = kyiv(2026, 3, 12, 10, 0), kyiv(2026, 3, 14, 18, 30)
    article = make_article(
        title_uk="Сесія міської ради", published_at=goes_live, expires_at=leaves
    )
    lists = ["/", "/novyny/", category.get_absolute_url()]
    with time_machine.travel(goes_live - timedelta(minutes=1), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 404
        assert not any(visible_in(client, article, lists).values())
        assert not Article.objects.published().filter(pk=article.pk).exists()
    with time_machine.travel(goes_live, tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert all(visible_in(client, article, lists).values())
    with time_machine.travel(leaves - timedelta(minutes=1), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200
    with time_machine.travel(leaves, tick=False):
        assert client.get(article.get_absolute_url()).status_code == 404
        assert not any(visible_in(client, article, lists).values())


def test_changelist_badges_follow_the_clock(editor_client, make_article):
    """The list says «Заплановано», then «Незабаром знімається», then «Знято» by itself, each
    with the moments that matter in Kyiv time: one column, the list's publication column."""
    make_article(
        title_uk="Нарада", published_at=kyiv(2026, 3, 12, 10, 0), expires_at=kyiv(2026, 3, 14, 9)
    )
    url = reverse("admin:news_article_changelist")

    def publication_cell(response):
        cell = response.content.decode().split('class="field-state_badge">')[1]
        return re.sub(r"\s+", " ", cell)

    with time_machine.travel(kyiv(2026, 3, 12, 9, 0), tick=False):
        response = editor_client.get(url)
        assert publication_cell(response).startswith(
            '<span class="badge badge--scheduled">Заплановано</span> '
            '<small class="badge-detail">з 12 березня 2026, 10:00</small></td>'
        )
        assert editor_client.get(url, {"state": "scheduled"}).context["cl"].result_count == 1
    with time_machine.travel(kyiv(2026, 3, 12, 10, 0), tick=False):
        response = editor_client.get(url)
        assert publication_cell(response).startswith(
            '<span class="badge badge--expiring">Незабаром знімається</span> '
            '<small class="badge-detail">12 березня 2026, 10:00</small> '
            '<small class="badge-detail">до 14 березня 2026, 09:00</small></td>'
        )
        assert editor_client.get(url, {"state": "live"}).context["cl"].result_count == 1
    with time_machine.travel(kyiv(2026, 3, 15), tick=False):
        assert 'badge--expired">Знято' in editor_client.get(url).content.decode()
        assert editor_client.get(url, {"state": "expired"}).context["cl"].result_count == 1


def test_changelist_publication_column_sorts_by_time(editor_client, make_article):
    """The publication column replaces the date column: it is named so and sorts by time."""
    make_article(title_uk="Стара", published_at=kyiv(2024, 1, 5, 9, 0))
    make_article(title_uk="Нова", published_at=kyiv(2025, 1, 5, 9, 0))
    url = reverse("admin:news_article_changelist")
    response = editor_client.get(url)
    assert ">Публікація</a>" in response.content.decode()
    column = response.context["cl"].list_display.index("state_badge")
    oldest_first = editor_client.get(url, {"o": str(column)}).context["cl"].result_list
    assert [article.title for article in oldest_first] == ["Стара", "Нова"]


def test_change_form_badge_names_the_state(editor_client, make_article):
    """The form's badge says where the article stands, in the changelist's words."""
    article = make_article(published_at=kyiv(2026, 3, 12, 10, 0))
    url = reverse("admin:news_article_change", args=[article.pk])
    with time_machine.travel(kyiv(2026, 3, 12, 9, 0), tick=False):
        html = editor_client.get(url).content.decode()
        assert '<span class="badge badge--scheduled">Заплановано</span>' in html
    with time_machine.travel(kyiv(2026, 3, 13), tick=False):
        html = editor_client.get(url).content.decode()
        assert '<span class="badge badge--live">На сайті</span>' in html


def test_coming_up_shows_kyiv_time_whatever_the_server_zone(editor_client, make_article, settings):
    """«Заплановане» lists what goes live and leaves, in Kyiv time even on a UTC server."""
    settings.TIME_ZONE = "UTC"
    utc = ZoneInfo("UTC")
    make_article(
        title_uk="Форум громад",
        published_at=datetime(2026, 3, 13, 8, 0, tzinfo=utc),
        expires_at=datetime(2026, 3, 20, 8, 0, tzinfo=utc),
    )
    make_article(title_uk="Далека подія", published_at=datetime(2026, 5, 1, tzinfo=utc))
    with time_machine.travel(datetime(2026, 3, 12, 12, 0, tzinfo=utc), tick=False):
        response = editor_client.get(reverse("admin:news_article_coming_up"))
        html = response.content.decode()
        assert [a.title_uk for a in response.context["going_live"]] == ["Форум громад"]
        assert "13 березня, 10:00" in html  # 08:00 UTC is 10:00 in Kyiv
        assert list(response.context["leaving"]) == []
        month = editor_client.get(reverse("admin:news_article_coming_up"), {"days": 30})
        assert [a.title_uk for a in month.context["leaving"]] == ["Форум громад"]
        assert "10:00" in month.content.decode()
        bad = editor_client.get(reverse("admin:news_article_coming_up"), {"days": "x"})
        assert bad.status_code == 200 and bad.context["days"] == 7


# --- No lost edits --------------------------------------------------------------------


def test_second_of_two_concurrent_saves_is_refused_and_keeps_its_input(
    make_article, editor, make_staff
):
    """Two editors save the same article: the second is told who changed it, keeps the text."""
    article = make_article(title_uk="Початкова назва")
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(make_staff("editor", "iryna"))
    first_form = first.get(change_url(article))
    second_form = second.get(change_url(article))

    saved = first.post(change_url(article), form_data(first_form, title_uk="Назва від Тараса"))
    assert saved.status_code == 302

    refused = second.post(change_url(article), form_data(second_form, title_uk="Назва від Ірини"))
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Хтось інший змінив цю новину" in html and "Taras" in html
    assert 'value="Назва від Ірини"' in html
    article.refresh_from_db()
    assert article.title_uk == "Назва від Тараса"

    # Having read the message, saving again replaces the other change deliberately.
    again = second.post(change_url(article), form_data(refused))
    assert again.status_code == 302
    article.refresh_from_db()
    assert article.title_uk == "Назва від Ірини"


# --- Revisions ------------------------------------------------------------------------


def test_every_save_keeps_one_revision_with_who_and_when(editor_client, make_article, make_tag):
    """The history lists each save once, with the editor's name and the changed fields."""
    article = make_article(title_uk="Перша назва", tags=[make_tag("бюджет")])
    response = editor_client.get(change_url(article))
    editor_client.post(
        change_url(article),
        form_data(response, title_uk="Друга назва", title_en="Second title", tags=[]),
    )
    assert article.history.count() == 2
    history = editor_client.get(reverse("admin:news_article_history", args=[article.pk]))
    html = history.content.decode()
    assert "Taras" in html
    changed = history.context["rows"][0]["changed"]
    # An English title gives the article its English slug (issue 7).
    assert changed == [
        "Заголовок [uk]",
        "Заголовок [en]",
        "Англійська адреса (slug)",
        "Автор",
        "Теми",
    ]


def test_revision_diff_reads_word_by_word(editor_client, make_article):
    """The diff page crosses out removed words and marks added ones, in every language."""
    article = make_article(body_uk="<p>Громади обговорили бюджет на рік.</p>")
    response = editor_client.get(change_url(article))
    editor_client.post(
        change_url(article),
        form_data(response, body_uk="<p>Громади ухвалили бюджет на рік.</p>"),
    )
    revision = article.history.first()
    page = editor_client.get(
        reverse("admin:news_article_revision", args=[article.pk, revision.history_id])
    )
    html = page.content.decode()
    assert "<del>обговорили</del>" in html and "<ins>ухвалили</ins>" in html
    assert "Текст [uk]" in html


def test_restoring_a_revision_brings_back_its_text_but_not_its_status(
    editor_client, make_article, make_tag
):
    """An editor restores an old text; it becomes the newest revision, still published."""
    old_tag = make_tag("енергетика")
    article = make_article(title_uk="Стара назва", body_uk="<p>Старий текст.</p>", tags=[old_tag])
    first = article.history.first()
    response = editor_client.get(change_url(article))
    editor_client.post(
        change_url(article),
        form_data(response, title_uk="Нова назва", body_uk="<p>Новий текст.</p>", tags=[]),
    )
    restore = editor_client.post(
        reverse("admin:news_article_revision_restore", args=[article.pk, first.history_id])
    )
    assert restore.status_code == 302
    article.refresh_from_db()
    assert article.title_uk == "Стара назва" and article.body_uk == "<p>Старий текст.</p>"
    assert list(article.tags.all()) == [old_tag]
    assert article.status == "published"
    assert article.history.count() == 3
    history = editor_client.get(reverse("admin:news_article_history", args=[article.pk]))
    assert "Відновлено версію від" in history.content.decode()
    # A GET never restores anything.
    assert (
        editor_client.get(
            reverse("admin:news_article_revision_restore", args=[article.pk, first.history_id])
        ).status_code
        == 405
    )


def test_a_long_history_comes_in_pages(editor_client, make_article, monkeypatch):
    """A page of a long history still names what its oldest row changed, and links on."""
    from news.admin import ArticleAdmin

    monkeypatch.setattr(ArticleAdmin, "history_list_per_page", 2)
    article = make_article(title_uk="Один")
    for title in ("Два", "Три"):
        article.title_uk = title
        article.save()
    response = editor_client.get(reverse("admin:news_article_history", args=[article.pk]))
    assert [row["changed"] for row in response.context["rows"]] == [["Заголовок [uk]"]] * 2
    assert 'href="?p=2"' in response.content.decode()


def test_no_revert_form_bypasses_publishing_rights():
    """simple-history's revert form (any field, any status) is not served: a restore is."""
    with pytest.raises(NoReverseMatch):
        reverse("admin:news_article_simple_history", args=[1, 1])


def test_revision_preview_shows_the_old_text(editor_client, make_article):
    """Staff can read any revision on the public template."""
    article = make_article(title_uk="Версія один")
    first = article.history.first()
    article.title_uk = "Версія два"
    article.save()
    response = editor_client.get(
        reverse("admin:news_article_revision_preview", args=[article.pk, first.history_id])
    )
    assert "<h1>Версія один</h1>" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


# --- Trash ----------------------------------------------------------------------------


def test_delete_moves_to_the_trash_and_restore_brings_it_back(editor_client, client, make_article):
    """Deleting hides the article everywhere; restoring it from the trash puts it back."""
    article = make_article(title_uk="Новина для кошика")
    page = article.get_absolute_url()
    delete_url = reverse("admin:news_article_delete", args=[article.pk])
    assert "у кошик" in editor_client.get(delete_url).content.decode()
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 302

    article.refresh_from_db()
    assert article.in_trash
    assert client.get(page).status_code == 404
    assert "Новина для кошика" not in client.get("/").content.decode()
    changelist = reverse("admin:news_article_changelist")
    assert editor_client.get(changelist).context["cl"].result_count == 0
    assert editor_client.get(changelist, {"trash": "1"}).context["cl"].result_count == 1

    editor_client.post(
        changelist + "?trash=1",
        {"action": "restore_from_trash", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert not article.in_trash
    assert client.get(page).status_code == 200
    events = [
        row["event"]
        for row in editor_client.get(
            reverse("admin:news_article_history", args=[article.pk])
        ).context["rows"]
    ]
    assert events[:2] == ["Відновлено з кошика", "Переміщено в кошик"]


def test_purge_asks_first_and_only_takes_what_is_in_the_trash(editor_client, make_article):
    """Only a confirmed purge of trashed articles deletes them for good."""
    trashed = make_article(title_uk="У кошику", deleted_at=timezone.now())
    kept = make_article(title_uk="Не в кошику")
    changelist = reverse("admin:news_article_changelist") + "?trash=1"
    data = {"action": "purge", "_selected_action": [trashed.pk, kept.pk]}
    confirm = editor_client.post(changelist, data)
    assert confirm.status_code == 200 and "назавжди" in confirm.content.decode()
    assert Article.objects.count() == 2
    editor_client.post(changelist, {**data, "post": "yes"})
    assert list(Article.objects.all()) == [kept]


def test_author_trashes_own_draft_but_cannot_purge(author_client, author, make_article):
    """An author may throw away their own draft; deleting for good is an editor's call."""
    draft = make_article(status="draft", published_at=None, author=author)
    changelist = reverse("admin:news_article_changelist")
    author_client.post(changelist, {"action": "move_to_trash", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.in_trash
    response = author_client.post(
        changelist, {"action": "purge", "_selected_action": [draft.pk], "post": "yes"}
    )
    assert response.status_code == 403
    assert Article.objects.filter(pk=draft.pk).exists()


# --- Previews and share links ---------------------------------------------------------


def test_staff_preview_of_a_draft_is_private(editor_client, client, make_article):
    """A draft previews on the public template, marked noindex and never cached."""
    draft = make_article(title_uk="Чернетка для перегляду", status="draft", published_at=None)
    response = editor_client.get(reverse("admin:news_article_preview", args=[draft.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Чернетка для перегляду</h1>" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_share_link_lifecycle(editor_client, make_article):
    """A share link works without an account, then 404 once revoked or expired."""
    draft = make_article(title_uk="Анонс для партнерів", status="draft", published_at=None)
    share_url = reverse("admin:news_article_share", args=[draft.pk])
    assert editor_client.post(share_url, {"create": "1", "days": "0"}).status_code == 200
    assert editor_client.post(share_url, {"create": "1", "days": "7"}).status_code == 302
    link = PreviewLink.objects.get()
    assert abs(link.expires_at - link.created_at - timedelta(days=7)) < timedelta(minutes=1)
    page = editor_client.get(share_url).content.decode()
    url = link.get_absolute_url()
    assert url in page

    reviewer = Client()
    response = reviewer.get(url)
    assert response.status_code == 200
    assert "Анонс для партнерів" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}
    assert reviewer.get(url.replace(link.token, link.token[:-2] + "xx")).status_code == 404

    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        assert reviewer.get(url).status_code == 404

    editor_client.post(share_url, {"revoke": link.pk})
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert reviewer.get(url).status_code == 404

    editor_client.post(share_url, {"create": "1", "days": "7"})
    newest = PreviewLink.objects.first()
    assert reviewer.get(newest.get_absolute_url()).status_code == 200
    draft.deleted_at = timezone.now()
    draft.save()
    assert reviewer.get(newest.get_absolute_url()).status_code == 404


# --- Stable addresses -----------------------------------------------------------------


def test_published_slug_is_frozen_and_old_addresses_redirect(editor_client, client, make_article):
    """Retitling keeps the address; an editor's new slug leaves the old one redirecting."""
    article = make_article(title_uk="Громада отримала грант")
    old_url = article.get_absolute_url()
    response = editor_client.get(change_url(article))
    editor_client.post(change_url(article), form_data(response, title_uk="Нова назва", slug=""))
    article.refresh_from_db()
    assert article.get_absolute_url() == old_url

    response = editor_client.get(change_url(article))
    editor_client.post(change_url(article), form_data(response, slug="hromada-i-hrant"))
    article.refresh_from_db()
    assert article.slug == "hromada-i-hrant"
    redirect = client.get(old_url)
    assert redirect.status_code == 301 and redirect["Location"] == "/novyny/hromada-i-hrant/"
    english = client.get("/en" + old_url.replace("/novyny/", "/news/"))
    assert english.status_code == 301 and english["Location"] == "/en/news/hromada-i-hrant/"
    assert ArticleSlugHistory.objects.get().article == article

    # Back to the first address: it is the article's own again, not a redirect.
    response = editor_client.get(change_url(article))
    editor_client.post(change_url(article), form_data(response, slug=old_url.split("/")[2]))
    assert client.get(old_url).status_code == 200
    assert client.get("/novyny/hromada-i-hrant/").status_code == 301


def test_old_address_of_a_hidden_article_is_404(client, make_article):
    """An old address never reveals a draft."""
    article = make_article(status="draft", published_at=None)
    ArticleSlugHistory.objects.create(slug="stara-adresa", article=article)
    assert client.get("/novyny/stara-adresa/").status_code == 404


# --- Translation status and the home page ---------------------------------------------


def test_changelist_shows_which_english_fields_are_missing(editor_client, make_article):
    """Editors see at a glance which articles lack English and what exactly."""
    make_article(title_uk="Без перекладу")
    make_article(title_uk="Частковий", title_en="Partial")
    make_article(
        title_uk="Повний",
        title_en="Complete",
        lead_en="Lead.",
        body_en="<p>Text.</p>",
    )
    url = reverse("admin:news_article_changelist")
    html = editor_client.get(url).content.decode()
    assert "Немає" in html and "Повний" in html
    assert "бракує: лід, текст" in html
    expected = {"missing": "Без перекладу", "partial": "Частковий", "complete": "Повний"}
    for value, title in expected.items():
        result = editor_client.get(url, {"english": value}).context["cl"].result_list
        assert [a.title_uk for a in result] == [title]


def test_editors_order_the_featured_articles(editor_client, client, make_article):
    """Editors pin articles to the home page in the order they choose, from the list."""
    first, second, third = (make_article(featured=True) for _ in range(3))
    url = reverse("admin:news_article_changelist")
    response = editor_client.get(url)
    formset = response.context["cl"].formset
    data = {
        "form-TOTAL_FORMS": formset.total_form_count(),
        "form-INITIAL_FORMS": formset.initial_form_count(),
        "_save": "Зберегти",
    }
    order = {third.pk: 1, first.pk: 2, second.pk: 3}
    for index, form in enumerate(formset.forms):
        data[f"form-{index}-id"] = form.instance.pk
        data[f"form-{index}-featured"] = "on"
        data[f"form-{index}-featured_order"] = order[form.instance.pk]
    assert editor_client.post(url, data).status_code == 302
    assert client.get("/").context["featured"] == [third, first, second]


def test_article_list_speaks_only_ukrainian(editor_client, make_article):
    """The list's date filter, action menu and button are Ukrainian (Django 6.1 gaps filled)."""
    make_article()
    html = editor_client.get(reverse("admin:news_article_changelist")).content.decode()
    for english in ["Filter by", "Select an option", ">Run<", "Coming up", "Scheduled"]:
        assert english not in html
    assert "Фільтр: час публікації" in html and "Виконати" in html


def test_revision_whose_category_is_gone_still_previews_and_restores(editor_client, make_article):
    """An old revision naming a deleted category keeps the current one instead of failing."""
    from news.models import Category

    gone = Category.objects.create(name_uk="Стара рубрика")
    article = make_article(title_uk="Було", category=gone)
    first = article.history.first()
    article.category = Category.objects.create(name_uk="Нова рубрика")
    article.title_uk = "Стало"
    article.save()
    gone.delete()
    preview = editor_client.get(
        reverse("admin:news_article_revision_preview", args=[article.pk, first.history_id])
    )
    assert preview.status_code == 200 and "Нова рубрика" in preview.content.decode()
    editor_client.post(
        reverse("admin:news_article_revision_restore", args=[article.pk, first.history_id])
    )
    article.refresh_from_db()
    assert article.title_uk == "Було" and article.category.name_uk == "Нова рубрика"


def test_a_slug_changed_outside_the_admin_still_redirects(client, make_article):
    """The rule lives with the model: an import, a script or the shell changing the slug
    leaves the old address redirecting, and taking it back makes it the article's again."""
    article = make_article(title_uk="Бюджет громади")
    old_url = article.get_absolute_url()
    article.slug = "biudzhet-hromady-2027"
    article.save()

    redirect = client.get(old_url)
    assert redirect.status_code == 301
    assert redirect["Location"] == "/novyny/biudzhet-hromady-2027/"

    Article.objects.get(pk=article.pk).save()  # a save that keeps the slug records nothing
    assert ArticleSlugHistory.objects.count() == 1

    article.slug = old_url.split("/")[2]
    article.save()
    assert client.get(old_url).status_code == 200
    assert client.get("/novyny/biudzhet-hromady-2027/").status_code == 301

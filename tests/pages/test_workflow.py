"""Pages follow the articles' editorial workflow: publishing rights, previews, revisions."""

import pytest
from django.urls import reverse

from pages.models import Page

pytestmark = pytest.mark.django_db


def page_form(page, **changes):
    data = {
        "title_uk": page.title_uk,
        "title_en": page.title_en or "",
        "body_uk": page.body_uk,
        "body_en": page.body_en or "",
        "slug": page.slug,
        "parent": page.parent_id or "",
        "position": page.position,
        "status": page.status,
        "published_at_0": "",
        "published_at_1": "",
        "meta_description_uk": "",
        "meta_description_en": "",
        "Document_pages-TOTAL_FORMS": "0",
        "Document_pages-INITIAL_FORMS": "0",
    }
    if page.published_at:
        data["published_at_0"] = page.published_at.strftime("%d.%m.%Y")
        data["published_at_1"] = page.published_at.strftime("%H:%M:%S")
    return data | changes


def test_editor_saves_are_revisions_with_history_diff_and_restore(editor_client, make_page):
    """Each save keeps a revision; an editor sees who changed what and brings text back."""
    page = make_page("Статут", body_uk="<p>Перша редакція статуту.</p>")
    url = reverse("admin:pages_page_change", args=[page.pk])
    response = editor_client.post(url, page_form(page, body_uk="<p>Друга редакція статуту.</p>"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    page.refresh_from_db()
    assert page.body_uk == "<p>Друга редакція статуту.</p>"
    assert page.history.count() == 2

    history = editor_client.get(reverse("admin:pages_page_history", args=[page.pk]))
    html = history.content.decode()
    assert history.status_code == 200
    assert "Taras" in html  # who
    assert "Текст [uk]" in html  # what changed
    newest, first = page.history.all()[:2]
    diff = editor_client.get(
        reverse("admin:pages_page_revision", args=[page.pk, newest.history_id])
    ).content.decode()
    assert "<del>Перша</del>" in diff and "<ins>Друга</ins>" in diff

    editor_client.post(
        reverse("admin:pages_page_revision_restore", args=[page.pk, first.history_id])
    )
    page.refresh_from_db()
    assert page.body_uk == "<p>Перша редакція статуту.</p>"
    assert page.status == "published" and page.path == "statut"
    assert page.history.count() == 3


def test_restore_keeps_the_address_and_the_publication(editor_client, make_page):
    """Restoring an old revision never moves or unpublishes a page by itself."""
    page = make_page("Контакти", status="draft")
    first = page.history.get()
    page.slug, page.status, page.body_uk = "kontakty-amu", "published", "<p>Нове.</p>"
    page.save()
    editor_client.post(
        reverse("admin:pages_page_revision_restore", args=[page.pk, first.history_id])
    )
    page.refresh_from_db()
    assert (page.path, page.status, page.body_uk) == (
        "kontakty-amu",
        "published",
        "<p>Текст сторінки.</p>",
    )


def test_staff_preview_of_a_draft_and_of_a_revision(editor_client, client, make_page):
    """An editor previews a draft on the real template; it is never indexed or cached."""
    about = make_page("Про АМУ")
    draft = make_page(
        "Керівництво", parent=about, status="draft", body_uk="<p>Склад правління.</p>"
    )
    url = reverse("admin:pages_page_preview", args=[draft.pk])
    response = editor_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Керівництво</h1>" in html and "Склад правління." in html
    assert 'class="preview-banner"' in html and "Чернетка" in html
    assert '<a href="/pro-amu/">Про АМУ</a>' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert client.get(url).status_code == 302  # to the login page
    assert client.get(draft.get_absolute_url()).status_code == 404

    draft.body_uk = "<p>Новий склад.</p>"
    draft.save()
    first = draft.history.earliest()
    old = editor_client.get(
        reverse("admin:pages_page_revision_preview", args=[draft.pk, first.history_id])
    ).content.decode()
    assert "Склад правління." in old and "Новий склад." not in old


def test_only_editors_publish_pages(client, make_staff, editor, make_page, django_user_model):
    """Publishing needs the editors' right: others are offered draft and review only, and a
    forged publish answers 403; authors do not edit pages at all."""
    from django.contrib.auth.models import Permission

    writer = django_user_model.objects.create_user("writer", password="x", is_staff=True)
    writer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_page", "change_page", "add_page"])
    )
    page = make_page("Статут", status="draft")
    url = reverse("admin:pages_page_change", args=[page.pk])
    client.force_login(writer)
    form = client.get(url).content.decode()
    assert 'value="review"' in form and 'value="published"' not in form
    assert client.post(url, page_form(page, status="published")).status_code == 403
    assert client.post(url, page_form(page, status="review")).status_code == 302
    page.refresh_from_db()
    assert page.status == "review"
    changelist = reverse("admin:pages_page_changelist")
    response = client.post(changelist, {"action": "publish", "_selected_action": [page.pk]})
    page.refresh_from_db()
    assert page.status == "review"

    client.force_login(make_staff("author", "olena"))
    assert client.get(url).status_code == 403

    client.force_login(editor)
    response = client.post(changelist, {"action": "publish", "_selected_action": [page.pk]})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.status == "published" and page.published_at is not None
    assert client.get(page.get_absolute_url()).status_code == 200


def test_scheduled_page_goes_live_at_its_time(client, make_page, header, add_entry):
    """A page published for a future time appears, in its menu too, when the time comes."""
    import time_machine
    from django.utils import timezone

    start = timezone.now()
    page = make_page("Звіт", published_at=start + timezone.timedelta(hours=2))
    add_entry(header, page=page)
    with time_machine.travel(start + timezone.timedelta(hours=1), tick=False):
        assert client.get("/zvit/").status_code == 404
        assert 'href="/zvit/"' not in client.get("/").content.decode()
    with time_machine.travel(start + timezone.timedelta(hours=3), tick=False):
        assert client.get("/zvit/").status_code == 200
        assert 'href="/zvit/"' in client.get("/").content.decode()
    assert Page.objects.get(pk=page.pk).state == "scheduled"


def test_share_link_for_a_page_works_until_revoked_or_expired(editor_client, client, make_page):
    """A reviewer without an account reads a draft page by link, until it is revoked or old."""
    import time_machine
    from django.utils import timezone

    from pages.models import PagePreviewLink

    page = make_page("Регіональні відділення", status="draft", body_uk="<p>Чернетка.</p>")
    share = reverse("admin:pages_page_share", args=[page.pk])
    response = editor_client.post(share, {"create": "1", "days": "3"})
    assert response.status_code == 302
    link = PagePreviewLink.objects.get()
    url = link.get_absolute_url()
    assert url.startswith("/perehliad/storinka/")

    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Регіональні відділення</h1>" in html and 'class="preview-banner"' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    with time_machine.travel(timezone.now() + timezone.timedelta(days=4), tick=False):
        assert client.get(url).status_code == 404

    editor_client.post(share, {"revoke": str(link.pk)})
    assert client.get(url).status_code == 404
    assert client.get(url.replace("perehliad/storinka", "perehliad")).status_code == 404


def test_share_links_are_for_editors(client, make_page, django_user_model):
    """Someone who may edit but not publish pages cannot hand out preview links."""
    from django.contrib.auth.models import Permission

    writer = django_user_model.objects.create_user("writer", password="x", is_staff=True)
    writer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_page", "change_page"])
    )
    page = make_page("Статут", status="draft")
    client.force_login(writer)
    assert client.get(reverse("admin:pages_page_share", args=[page.pk])).status_code == 403
    assert (
        "Посилання для перегляду"
        not in client.get(reverse("admin:pages_page_change", args=[page.pk])).content.decode()
    )

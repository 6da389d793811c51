"""Events in the admin: the articles' workflow for «Автор» and «Редактор»."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event, EventPreviewLink
from tests.news.test_editorial_workflow import form_data

pytestmark = pytest.mark.django_db

ADD = reverse("admin:events_event_add")
CHANGELIST = reverse("admin:events_event_changelist")


def change_url(event, suffix=""):
    """The change form, or with a suffix ("history/") another page of the event."""
    change = reverse("admin:events_event_change", args=[event.pk])
    return change.removesuffix("change/") + suffix if suffix else change


def new_event(client, **overrides):
    """Fill in the add form as an editor would: a webinar a week from now."""
    day = timezone.localdate() + timedelta(days=7)
    fields = {
        "title_uk": "Вебінар про місцеві бюджети",
        "lead_uk": "Експерти пояснять зміни.",
        "body_uk": "<p>Для фінансових управлінь.</p>",
        "starts_on": day.isoformat(),
        "start_time": "11:00",
        "end_time": "12:30",
        "attendance": "online",
        "online_url": "https://example.org/webinar",
    }
    return client.post(ADD, form_data(client.get(ADD), **(fields | overrides)))


def test_changelist_and_forms_open_for_both_roles(author_client, editor_client, make_event):
    """Authors and editors open the list, the add form and an event's history."""
    event = make_event()
    for client in (author_client, editor_client):
        assert client.get(CHANGELIST).status_code == 200
        assert client.get(ADD).status_code == 200
        assert client.get(f"{CHANGELIST}?when=upcoming").status_code == 200
        assert client.get(f"{CHANGELIST}?when=past").status_code == 200
        assert client.get(change_url(event, "history/")).status_code == 200


def test_author_writes_a_draft_and_cannot_publish(author_client, author):
    """An author's event is a draft in their name; a forged "published" is refused."""
    response = new_event(author_client, status="draft")
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert (event.author, event.status) == (author, Event.Status.DRAFT)
    assert event.ends_at - event.starts_at == timedelta(minutes=90)
    data = form_data(author_client.get(change_url(event)), status="published")
    assert author_client.post(change_url(event), data).status_code == 403
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT
    data = form_data(author_client.get(change_url(event)), status="review")
    assert author_client.post(change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.REVIEW


def test_author_cannot_touch_someone_elses_draft(author_client, make_event):
    """Another author's draft is closed to an author (403), not edited."""
    event = make_event(status=Event.Status.DRAFT, published_at=None)
    assert author_client.get(change_url(event)).status_code == 403


def test_editor_publishes_and_the_event_is_public(editor_client, client):
    """An editor's published event is on the upcoming list at once."""
    response = new_event(editor_client, status="published")
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.published_at is not None
    assert event in client.get("/podii/").context["events"]


def test_publish_action_is_for_editors(editor_client, author_client, make_event):
    """The list's "publish" action publishes for an editor; an author is not offered it."""
    event = make_event(status=Event.Status.REVIEW, published_at=None)
    data = {"action": "publish", "_selected_action": [event.pk]}
    assert author_client.post(CHANGELIST, data).status_code in {200, 302}
    event.refresh_from_db()
    assert event.status == Event.Status.REVIEW
    editor_client.post(CHANGELIST, data)
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"attendance": "offline", "venue_uk": ""}, "venue_uk", "Укажіть місце"),
        ({"online_url": ""}, "online_url", "Укажіть посилання на онлайн-подію."),
        ({"end_time": ""}, "end_time", "Укажіть і час завершення"),
        ({"end_time": "10:00"}, "end_time", "Подія має завершуватися після початку."),
        ({"ends_on": "2000-01-01"}, "ends_on", "Дата завершення раніша за дату початку."),
        ({"starts_on": "завтра"}, "starts_on", "Введіть коректну дату."),
        ({"starts_on": ""}, "starts_on", "обов"),
        ({"registration_url": "javascript:alert(1)"}, "registration_url", "Введіть коректний"),
    ],
)
def test_bad_input_gets_a_ukrainian_message(editor_client, overrides, field, message):
    """A mistake in dates or place is explained in Ukrainian next to the field, not a 500."""
    response = new_event(editor_client, **overrides)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors[field]), errors
    assert not Event.objects.exists()


def test_programme_and_initiative_cannot_both_organise(editor_client, initiative, programme):
    """One organiser: a programme, an initiative, or (neither) the association."""
    response = new_event(editor_client, programme=programme.pk, initiative=initiative.pk)
    assert response.status_code == 200
    assert "не обидві" in str(response.context["adminform"].form.errors)


def test_revisions_diff_preview_and_restore(editor_client, make_event):
    """Every save is a revision; an old one previews and restores, keeping the status."""
    response = new_event(editor_client, status="published")
    event = Event.objects.get()
    data = form_data(editor_client.get(change_url(event)), title_uk="Вебінар про нові бюджети")
    assert editor_client.post(change_url(event), data).status_code == 302
    first, second = list(event.history.order_by("history_id"))
    history = editor_client.get(change_url(event, "history/")).content.decode()
    assert "Вебінар про нові бюджети" in history
    diff = editor_client.get(change_url(event, f"history/{second.history_id}/"))
    assert diff.status_code == 200
    preview = editor_client.get(change_url(event, f"history/{first.history_id}/preview/"))
    assert "Вебінар про місцеві бюджети" in preview.content.decode()
    assert preview["X-Robots-Tag"] == "noindex, nofollow"
    response = editor_client.post(change_url(event, f"history/{first.history_id}/restore/"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title_uk, event.status) == ("Вебінар про місцеві бюджети", "published")


def test_preview_and_share_link(editor_client, client, make_event):
    """A draft previews for staff; a share link shows it to a reviewer until revoked."""
    event = make_event(title_uk="Чернетка форуму", status=Event.Status.DRAFT, published_at=None)
    preview = editor_client.get(change_url(event, "preview/"))
    assert "Чернетка форуму" in preview.content.decode()
    assert client.get(change_url(event, "preview/")).status_code == 302  # to the login
    editor_client.post(change_url(event, "share/"), {"create": "1", "days": "3"})
    link = EventPreviewLink.objects.get()
    assert link.get_absolute_url().startswith("/podii/perehliad/")
    shared = client.get(link.get_absolute_url())
    assert "Чернетка форуму" in shared.content.decode()
    assert shared["X-Robots-Tag"] == "noindex, nofollow"
    editor_client.post(change_url(event, "share/"), {"revoke": link.pk})
    assert client.get(link.get_absolute_url()).status_code == 404
    assert client.get("/podii/perehliad/nonsense/").status_code == 404


def test_accessibility_warning_after_save(editor_client):
    """A link «тут» in the description is pointed out after the save, as for articles."""
    body = '<p>Програма <a href="https://example.org/p">тут</a>.</p>'
    response = new_event(editor_client, body_uk=body, status="draft")
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("«тут»" in message for message in messages), messages


def test_the_list_shows_a_whole_day_event_by_its_day_and_a_timed_one_with_its_time(
    editor_client, make_event
):
    """«10 січня 2027», not «10 січня 2027, 00:00», for an event without times."""
    make_event(
        title_uk="Зустріч громад", starts_on=date(2027, 1, 10), start_time=None, end_time=None
    )
    make_event(
        title_uk="Вебінар",
        starts_on=date(2027, 1, 12),
        start_time=time(11, 0),
        end_time=time(12, 30),
    )
    html = editor_client.get("/admin/events/event/").content.decode()
    assert "10\xa0січня\xa02027<" in html or "10 січня 2027<" in html
    assert "10 січня 2027, 00:00" not in html and "10\xa0січня\xa02027, 00:00" not in html
    assert "12\xa0січня\xa02027, 11:00" in html or "12 січня 2027, 11:00" in html

"""Public event pages: upcoming list, past events by year, the event page, the home block."""

from datetime import date, time, timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone

from events.models import Event
from news.models import Article

pytestmark = pytest.mark.django_db

LIST = "/podii/"


def english(**fields):
    return {
        "title_en": "Forum of Hromadas",
        "lead_en": "Mayors discuss budgets.",
        "body_en": "<p>The programme.</p>",
        "venue_en": "Ukrainian House",
        "address_en": "2 Khreshchatyk St, Kyiv",
        **fields,
    }


def test_addresses_are_ukrainian_and_english(client, make_event):
    """Readers find events at /podii/ and /en/events/, an event under either."""
    event = make_event(title_uk="Форум громад", **english())
    assert event.get_absolute_url() == "/podii/forum-hromad/"
    assert event.url_in("en") == "/en/events/forum-of-hromadas/"
    for url in (LIST, "/en/events/", event.get_absolute_url(), event.url_in("en")):
        assert client.get(url).status_code == 200, url


def test_upcoming_list_is_soonest_first_with_running_events(client, make_event):
    """The list shows what is coming and what is under way, the soonest first."""
    today = timezone.localdate()
    later = make_event(title_uk="Пізніший форум", starts_on=today + timedelta(days=30))
    sooner = make_event(title_uk="Ближчий вебінар", starts_on=today + timedelta(days=2))
    running = make_event(
        title_uk="Триденне навчання",
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=1),
        start_time=None,
        end_time=None,
    )
    make_event(title_uk="Торішній з’їзд", starts_on=today - timedelta(days=400))
    response = client.get(LIST)
    assert list(response.context["events"]) == [running, sooner, later]
    assert "Торішній з’їзд" not in response.content.decode()


def test_drafts_and_scheduled_announcements_stay_hidden(client, make_event):
    """Only published events whose announcement time has come are public."""
    draft = make_event(title_uk="Чернетка події", status=Event.Status.DRAFT, published_at=None)
    scheduled = make_event(
        title_uk="Заплановане оголошення", published_at=timezone.now() + timedelta(hours=1)
    )
    html = client.get(LIST).content.decode()
    assert "Чернетка події" not in html
    assert "Заплановане оголошення" not in html
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_an_event_leaves_upcoming_at_its_end(client, make_event, time_machine):
    """At its end time an event moves from the upcoming list to its year's archive."""
    time_machine.move_to(timezone.now(), tick=False)
    event = make_event(title_uk="Вебінар про бюджети")
    assert event in client.get(LIST).context["events"]
    time_machine.move_to(event.ends_at - timedelta(seconds=1), tick=False)
    assert event in client.get(LIST).context["events"]
    time_machine.move_to(event.ends_at + timedelta(seconds=1), tick=False)
    assert event not in client.get(LIST).context["events"]
    archive = client.get(f"/podii/{event.starts_on.year}/")
    assert event in archive.context["events"]
    assert client.get(event.get_absolute_url()).status_code == 200


def test_past_events_archive_by_year(client, make_event):
    """Past events are listed by year, the latest first; a year without any is 404."""
    congress = make_event(title_uk="З’їзд асоціації", starts_on=date(2024, 6, 26))
    training = make_event(title_uk="Тренінг речників", starts_on=date(2024, 3, 1))
    make_event(title_uk="Конференція 2023", starts_on=date(2023, 5, 5))
    response = client.get("/podii/2024/")
    assert list(response.context["events"]) == [congress, training]
    html = response.content.decode()
    assert "Минулі події 2024\xa0року" in html
    assert 'href="/podii/2023/"' in html
    assert client.get("/podii/2019/").status_code == 404
    assert client.get("/podii/0000/").status_code == 404
    assert 'href="/podii/2024/"' in client.get(LIST).content.decode()


def test_english_page_reads_times_the_same_way(client, make_event):
    """The English page gives the same 24-hour times: «12 March 2030, 10:00–13:30»."""
    event = make_event(starts_on=date(2030, 3, 12), end_time=time(13, 30), **english())
    html = client.get(event.url_in("en")).content.decode()
    assert '<time datetime="2030-03-12T13:30:00+02:00">13:30</time>' in html
    assert "Kyiv time" in html


def test_english_lists_only_events_with_an_english_version(client, make_event):
    """The English edition lists an event only when it is translated, as articles."""
    make_event(title_uk="Лише українською")
    translated = make_event(title_uk="Форум громад", **english())
    assert list(client.get("/en/events/").context["events"]) == [translated]


def test_untranslated_event_in_english_leads_to_the_original(client, make_event):
    """An English address of an untranslated event leads to the Ukrainian page with a note."""
    event = make_event(title_uk="Лише українською")
    response = client.get(f"/en/events/{event.slug}/")
    assert response.status_code == 302
    assert response.url == f"/podii/{event.slug}/?untranslated=en"


def test_event_page_shows_dates_place_registration_and_organiser(
    client, make_event, make_municipality, initiative
):
    """The page says when (in Kyiv time), where, who organises and how to register."""
    hromada = make_municipality()
    event = make_event(
        title_uk="Зустріч OGP Local",
        starts_on=date(2030, 3, 12),
        start_time=time(10),
        end_time=time(13),
        attendance=Event.Attendance.MIXED,
        online_url="https://example.org/stream",
        registration_url="https://example.org/register",
        registration_deadline=timezone.make_aware(timezone.datetime(2030, 3, 10, 18)),
        initiative=initiative,
        municipalities=[hromada],
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert '<time datetime="2030-03-12T10:00:00+02:00">12\xa0березня\xa02030, 10:00</time>' in html
    assert '<time datetime="2030-03-12T13:00:00+02:00">13:00</time>' in html
    assert "за київським часом" in html
    assert "Український дім, м.\xa0Київ, вул.\xa0Хрещатик, 2" in html
    assert 'href="https://example.org/stream"' in html
    assert 'href="https://example.org/register"' in html
    assert "до 10\xa0березня\xa02030, 18:00" in html
    assert f'href="{initiative.get_absolute_url()}"' in html
    assert f'href="{hromada.get_absolute_url()}"' in html
    assert f'href="/podii/{event.slug}.ics"' in html


def test_whole_days_and_closed_registration(client, make_event):
    """A several-day event reads «12 березня 2030 — 14 березня 2030»; past its deadline
    the registration link is gone."""
    event = make_event(
        starts_on=date(2030, 3, 12),
        ends_on=date(2030, 3, 14),
        start_time=None,
        end_time=None,
        registration_url="https://example.org/register",
        registration_deadline=timezone.now() - timedelta(hours=1),
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert (
        '<time datetime="2030-03-12">12\xa0березня\xa02030</time>\xa0— '
        '<time datetime="2030-03-14">14\xa0березня\xa02030</time>'
    ) in html
    assert "за київським часом" not in html
    assert "Реєстрацію завершено." in html
    assert 'href="https://example.org/register"' not in html


def test_cancelled_event_says_so(client, make_event):
    """A cancelled event stays on the site, marked as cancelled, without registration."""
    event = make_event(cancelled=True, registration_url="https://example.org/register")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Скасовано" in html
    assert 'href="https://example.org/register"' not in html
    assert "Скасовано" in client.get(LIST).content.decode()


def test_event_page_lists_its_public_reports(client, make_event, make_article):
    """«Звіти з події» shows the published articles about it, never a draft."""
    report = make_article(title_uk="Звіт із форуму громад")
    draft = make_article(title_uk="Чернетка звіту", status=Article.Status.DRAFT, published_at=None)
    event = make_event(articles=[report, draft])
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Звіти з\xa0події та новини" in html
    assert report.get_absolute_url() in html
    assert "Чернетка звіту" not in html


def test_home_page_shows_the_next_events(client, make_event):
    """The home page names the three soonest events and links to all of them."""
    today = timezone.localdate()
    events = [
        make_event(title_uk=f"Подія {n}", starts_on=today + timedelta(days=n)) for n in range(1, 5)
    ]
    make_event(title_uk="Минула подія", starts_on=today - timedelta(days=3))
    html = client.get("/").content.decode()
    assert "Найближчі події" in html
    for event in events[:3]:
        assert event.get_absolute_url() in html
    assert events[3].get_absolute_url() not in html
    assert "Минула подія" not in html
    assert 'href="/podii/"' in html


def test_home_page_without_events_has_no_empty_block(client, db):
    """With nothing announced the home page shows no empty events heading."""
    assert "Найближчі події" not in client.get("/").content.decode()


def test_query_budgets(
    client, make_event, make_article, make_municipality, initiative, django_assert_max_num_queries
):
    """The event list and page do not make more queries because they show more."""
    today = timezone.localdate()
    hromada = make_municipality()
    articles = [make_article() for _ in range(5)]
    events = [
        make_event(
            starts_on=today + timedelta(days=n),
            initiative=initiative,
            municipalities=[hromada],
            articles=articles,
        )
        for n in range(1, 15)
    ]
    past = [make_event(starts_on=date(2024, 1, n)) for n in range(1, 15)]
    budgets = {
        # The past years, the next scheduled change (news, pages, events), the count (all
        # three then remembered), menus and site settings (then cached), the page.
        LIST: 8,
        f"{LIST}?page=2": 1,
        "/podii/2024/": 3,  # the year has events, the count, the page
        # The event with its organiser, its hromadas, its public reports as cards.
        events[0].get_absolute_url(): 3,
        past[0].get_absolute_url(): 3,
    }
    for url, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200, url


def test_event_page_has_the_share_links(client, make_event):
    """Readers share an event as they share an article: plain links with its address."""
    event = make_event(title_uk="Форум громад")
    html = client.get(event.get_absolute_url()).content.decode()
    url = quote(f"http://testserver{event.get_absolute_url()}", safe="")
    assert f'<a href="https://t.me/share/url?url={url}&amp;text=' in html
    assert f'<a href="https://www.facebook.com/sharer/sharer.php?u={url}"' in html

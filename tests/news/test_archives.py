"""Archives by year and month (issue 6)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from news.models import Article

KYIV = ZoneInfo("Europe/Kyiv")


def at(year, month, day=15, hour=12):
    return datetime(year, month, day, hour, tzinfo=KYIV)


def test_month_archive_reads_as_ukrainians_write(client, make_article):
    """The heading names the month in the nominative, the cards date in the genitive."""
    make_article(title_uk="Червнева новина", published_at=at(2022, 6, 20))
    make_article(title_uk="Липнева новина", published_at=at(2022, 7, 1))
    response = client.get("/novyny/2022/06/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Червень 2022</h1>" in html
    assert "20\xa0червня\xa02022" in html
    assert "Червнева новина" in html and "Липнева новина" not in html
    assert "<title>Червень 2022" in html


def test_year_archive_lists_its_news_and_links_its_months(client, make_article):
    """A year shows its news and leads to each month that has some."""
    make_article(title_uk="Червнева", published_at=at(2022, 6, 20))
    make_article(title_uk="Березнева", published_at=at(2022, 3, 2))
    make_article(title_uk="Торішня", published_at=at(2021, 12, 31))
    html = client.get("/novyny/2022/").content.decode()
    assert "<h1>Новини за 2022\xa0рік</h1>" in html
    assert "Червнева" in html and "Березнева" in html and "Торішня" not in html
    assert 'href="/novyny/2022/03/">Березень</a>' in html
    assert 'href="/novyny/2022/06/">Червень</a>' in html
    assert 'href="/novyny/2022/04/"' not in html
    assert 'href="/novyny/2021/" rel="prev"' in html


def test_month_boundaries_follow_kyiv_time(client, make_article):
    """News published just after midnight on 1 July in Kyiv belongs to July, not June."""
    make_article(
        title_uk="Опівнічна", published_at=at(2022, 7, 1, hour=0) + timezone.timedelta(minutes=5)
    )
    assert "Опівнічна" in client.get("/novyny/2022/07/").content.decode()
    assert client.get("/novyny/2022/06/").status_code == 404


def test_news_list_links_the_archive_years(client, make_article):
    """Readers reach older news by year from the news list."""
    make_article(published_at=at(2021, 5, 1))
    make_article(published_at=at(2022, 5, 1))
    html = client.get("/novyny/").content.decode()
    assert 'href="/novyny/2022/">2022</a>' in html
    assert 'href="/novyny/2021/">2021</a>' in html


def test_empty_hidden_or_impossible_periods_are_404(client, make_article):
    """A period with no published news, or no such month, answers 404, never a 500."""
    make_article(published_at=at(2022, 6, 1))
    make_article(status=Article.Status.DRAFT, published_at=at(2019, 6, 1))
    make_article(published_at=timezone.now() + timezone.timedelta(days=400))  # scheduled
    future = timezone.now() + timezone.timedelta(days=400)
    for url in (
        "/novyny/2019/",
        "/novyny/2019/06/",
        "/novyny/2020/",
        f"/novyny/{future:%Y}/",
        "/novyny/2022/13/",
        "/novyny/2022/00/",
        "/novyny/0000/",
        "/novyny/2022/06/?page=abc",
    ):
        assert client.get(url).status_code == 404, url


def test_english_archive_only_has_english_news(client, make_article):
    """The English archive lists months with English news, under English URL words."""
    make_article(title_uk="Лише українською", published_at=at(2022, 5, 1))
    make_article(
        title_uk="Перекладена",
        title_en="Translated",
        lead_en="English lead.",
        body_en="<p>Text.</p>",
        published_at=at(2022, 6, 1),
    )
    html = client.get("/en/news/2022/06/").content.decode()
    assert "<h1>June 2022</h1>" in html and "Translated" in html
    assert client.get("/en/news/2022/05/").status_code == 404
    assert 'href="/en/news/2022/05/"' not in client.get("/en/news/2022/").content.decode()


def test_archive_query_budget(client, make_article, make_tag, django_assert_max_num_queries):
    """An archive does not make more queries because it shows more news."""
    tags = [make_tag() for _ in range(4)]
    for day in range(1, 29):
        make_article(tags=tags, published_at=at(2022, 6, day))
    client.get("/")  # the header and footer are cached after the first page
    for url in ("/novyny/2022/", "/novyny/2022/06/", "/novyny/2022/06/?page=2"):
        # Existence, the months (of a year), the next and previous period, the count and
        # the next scheduled change of news, pages and events (remembered after the first
        # list), the page.
        with django_assert_max_num_queries(9):
            assert client.get(url).status_code == 200, url

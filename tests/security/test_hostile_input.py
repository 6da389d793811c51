"""Item 4 of the security issue: hostile input gets 400 or 404 or a calm page, never a 500."""

import pytest
from django.urls import reverse

from news.models import Article

pytestmark = pytest.mark.django_db

BAD_PAGES = [
    "abc",
    "-1",
    "0",
    "99999999999999999999999",
    "1e10",
    "1.5",
    "last",
    "%ff",
    "1%00",
    "%00",
    "<script>",
    "",
]
BAD_SLUGS = [
    "..%2f..%2fetc%2fpasswd",
    "%2e%2e",
    "%252e%252e%252f",
    "%c0%ae%c0%ae",
    "%00",
    "x%00y",
    "%ff%fe",
    "<script>alert(1)</script>",
    "%3Cscript%3E",
    "'%20OR%201=1--",
    "ünïcödé",
    "громада",
    "a" * 3000,
]


@pytest.fixture
def site(make_article, make_tag):
    tag = make_tag()
    return make_article(tags=[tag])


def calm(response):
    return response.status_code in (200, 301, 302, 400, 404)


@pytest.mark.parametrize("page", BAD_PAGES)
@pytest.mark.parametrize("where", ["/novyny/", "/en/news/", "category", "tag"])
def test_bad_page_numbers(client, site, where, page):
    """A wrong page number in any list gives a 404 or 400 page, never a server error."""
    path = {
        "category": site.category.get_absolute_url(),
        "tag": site.tags.get().get_absolute_url(),
    }
    response = client.get(f"{path.get(where, where)}?page={page}")
    # "last" and an empty number are Django's own ways to ask for the last and first page.
    assert response.status_code in ((200,) if page in ("last", "") else (400, 404))


@pytest.mark.parametrize("slug", BAD_SLUGS)
@pytest.mark.parametrize(
    "prefix", ["/", "/novyny/", "/novyny/rubryka/", "/novyny/tema/", "/en/news/", "/en/"]
)
def test_hostile_slugs_are_not_found(client, site, prefix, slug):
    """Traversal, encoded bytes or markup in an address lead to «not found», nothing else."""
    response = client.get(f"{prefix}{slug}/")
    assert response.status_code in (400, 404)


@pytest.mark.parametrize(
    "object_id", ["..%2f", "%00", "abc", "-1", "1%00", "99999999999999999999"]
)
def test_hostile_ids_in_admin_addresses(admin_client, site, object_id):
    """A broken object id in an admin address gives a calm answer."""
    for action in ("change", "history", "delete"):
        response = admin_client.get(f"/admin/news/article/{object_id}/{action}/")
        assert calm(response), (action, response.status_code)


@pytest.mark.parametrize(
    "host", ["evil.example", "localhost:80@evil.example", "local\x00host", "", "a" * 300]
)
def test_host_header_not_allowed(client, host):
    """A request for a site name we do not serve is refused with 400."""
    assert client.get("/", HTTP_HOST=host).status_code == 400


def test_thousands_of_query_parameters(client, site):
    """A query string with thousands of parameters is refused, not parsed."""
    query = "&".join(f"p{number}=1" for number in range(5000))
    assert client.get(f"/novyny/?{query}").status_code == 400
    assert calm(client.get(f"/?{query}"))


def test_thousands_of_form_fields(client, admin_client, site):
    """A form post with thousands of fields is refused, logged in or not."""
    fields = {f"f{number}": "1" for number in range(5000)}
    assert client.post(reverse("admin:login"), fields).status_code == 400
    url = reverse("admin:news_article_change", args=[site.pk])
    assert admin_client.post(url, fields).status_code == 400


@pytest.mark.parametrize("value", ["%00", "a%00b", "%ff", "%c3%28", "%ed%a0%80"])
@pytest.mark.parametrize(
    "url",
    [
        "/novyny/?page=",
        "/?q=",
        "/admin/news/article/?q=",
        "/admin/news/article/?status__exact=",
        "/admin/news/article/?published_at__gte=",
        "/admin/news/article/?o=",
        "/admin/news/article/?category__id__exact=",
        "/admin/news/article/?published_at__year=",
        "/admin/autocomplete/?app_label=news&model_name=article&field_name=tags&term=",
    ],
)
def test_nul_bytes_and_broken_utf8_in_parameters(admin_client, site, url, value):
    """NUL bytes or broken UTF-8 in a parameter are refused with 400, never a crash."""
    assert admin_client.get(url + value).status_code == 400


def test_nul_in_a_parameter_name(client):
    """A NUL in a parameter's name is refused too."""
    assert client.get("/novyny/?pa%00ge=1").status_code == 400


@pytest.mark.parametrize("path", ["/novyny/%00/", "/%ff/", "/novyny/%c3%28/", "/admin/%00/"])
def test_nul_bytes_and_broken_utf8_in_the_path(client, path):
    """NUL bytes or broken UTF-8 in the address give 400 or 404."""
    assert client.get(path).status_code in (400, 404)


def test_nul_bytes_in_form_fields_are_form_errors(admin_client, category):
    """An editor's form with a NUL byte comes back with a message, and nothing is saved."""
    response = admin_client.post(
        reverse("admin:news_article_add"),
        {"title_uk": "Заголовок\x00з нулем", "category": category.pk, "status": "draft"},
    )
    assert response.status_code == 200
    assert "title_uk" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_nul_bytes_in_a_login(client):
    """A NUL byte in the name or password is an ordinary failed login."""
    response = client.post(reverse("admin:login"), {"username": "ad\x00min", "password": "x\x00"})
    assert response.status_code == 200


@pytest.mark.parametrize("selected", ["\x00", "abc", "1 OR 1=1", "99999999999999999999999"])
def test_hostile_selection_in_an_admin_action(admin_client, site, selected):
    """A forged selection in a list action does nothing and gives a calm page."""
    url = reverse("admin:news_article_changelist")
    response = admin_client.post(url, {"action": "unpublish", "_selected_action": [selected]})
    assert calm(response)
    assert Article.objects.get(pk=site.pk).status == Article.Status.PUBLISHED


def test_broken_utf8_in_a_form_body(admin_client, site):
    """A form body that is not UTF-8 is refused or read calmly."""
    url = reverse("admin:news_article_changelist")
    response = admin_client.generic(
        "POST",
        url,
        b"action=unpublish&_selected_action=%ff%fe&index=0",
        content_type="application/x-www-form-urlencoded",
    )
    assert calm(response)


@pytest.mark.parametrize(
    "query",
    [
        "published_at__year=99999999999",
        "published_at__year=9999",
        "published_at__year=9999&published_at__month=12&published_at__day=31",
        "published_at__year=0",
        "published_at__year=٢٠٢٤",
        "published_at__year=2024&published_at__month=13",
        "published_at__year=2024&published_at__month=2&published_at__day=31",
        "published_at__gte=yesterday",
        "o=999.-999",
        "p=-1",
        "all=&p=99999999999999999999",
        "status__exact=nonsense",
        "tags__id__exact=99999999999999999999",
        "q=" + "%25" * 3000,
        "_to_field=password",
    ],
)
def test_hostile_admin_list_parameters(admin_client, site, query):
    """Nonsense dates, orders, pages or filters in the admin list give a calm page."""
    response = admin_client.get(f"/admin/news/article/?{query}")
    assert calm(response), response.status_code

from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import Category

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1440, 1920])
def test_news_list_fits_beside_the_sidebar_on_a_laptop(
    page, live_server, admin_user, make_article, django_user_model, width
):
    """All the news list's columns are in view on a 1440 px laptop with the admin's sidebar
    open: an editor does not scroll sideways to reach the home-page order."""
    admin_user.first_name, admin_user.last_name = "Олександра", "Коваленко-Петренко"
    admin_user.save()
    long_category = Category.objects.create(
        name_uk="Місцеве самоврядування", name_en="Local government"
    )
    now = timezone.now()
    make_article(category=long_category, author=admin_user, featured=True, featured_order=1)
    make_article(published_at=now + timedelta(days=3))
    make_article(published_at=now - timedelta(days=2), expires_at=now + timedelta(days=1))
    make_article(status="draft", published_at=None)

    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/admin/login/?next=/admin/news/article/")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill("password")
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/news/article/")

    assert page.locator("#nav-sidebar").is_visible()
    assert page.locator("#result_list tbody tr").count() == 4
    authors = page.locator("#result_list td.field-author_name").all_inner_texts()
    assert sorted(authors) == ["-", "-", "-", "Олександра Коваленко-Петренко"]
    results = page.locator("#changelist .results")
    scroll_width, client_width = results.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert scroll_width <= client_width, f"{scroll_width} px of table in {client_width} px"
    last_column = page.locator("#result_list td.field-featured_order").first
    assert last_column.bounding_box()["x"] + last_column.bounding_box()["width"] <= width

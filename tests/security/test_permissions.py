"""Item 3 of the security issue: every admin address of every model, for every kind of user.

The addresses come from admin.site._registry, so a model registered later is covered
without touching this file. Its objects come from the demo content (load_demo_content) or,
for models the demo does not fill (users, groups, login records, redirects, images, hromadas), from
other_instances(). What each role may do to a particular article (own drafts, publishing)
is spelled out in tests/news/test_editorial_permissions.py; here every view of every model
must agree with its ModelAdmin's permission methods, and roles never reach accounts.
"""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from images.models import BodyImage
from partners.models import Municipality, Oblast, Raion
from tests.images import factories

pytestmark = pytest.mark.django_db

# URL name suffix -> the ModelAdmin permission its view must check.
VIEW_PERMISSION = {
    "changelist": "view",
    "history": "view",
    "change": "view",
    "add": "add",
    "delete": "delete",
    "password_change": "change",
}
# Accounts and login records: administrators only, never an author or an editor.
ADMINISTRATORS_ONLY = {"auth", "axes"}


def other_instances():
    """Objects of registered models that the demo content does not create."""
    now = timezone.now()
    login = {"user_agent": "test", "ip_address": "10.0.0.9", "username": "someone"}
    record = {**login, "http_accept": "*/*", "path_info": "/", "attempt_time": now}
    Group.objects.get_or_create(name="Перевірка доступу")
    AccessAttempt.objects.create(**record, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**record)
    AccessFailureLog.objects.create(**record, locked_out=False)
    Redirect.objects.create(site=Site.objects.get_current(), old_path="/old/", new_path="/")
    BodyImage.objects.create(file=ContentFile(factories.png(), name="zal.png"), alt="Зала")
    if not Municipality.objects.exists():  # the codifier is imported apart from the demo
        oblast = Oblast.objects.create(code="UA61000000000060328", name_uk="Тернопільська")
        raion = Raion.objects.create(
            code="UA61040000000042587", name_uk="Тернопільський", oblast=oblast
        )
        Municipality.objects.create(
            name_uk="Тернопільська",
            code="UA61040270000084588",
            kind=Municipality.Kind.URBAN,
            oblast=oblast,
            raion=raion,
            centre_uk="Тернопіль",
        )


def url_arguments(pattern, obj):
    """Values for the URL's parameters: the object's pk, or the id of its latest revision."""
    arguments = {}
    for name in pattern.pattern.converters:
        if name in ("object_id", "id", "pk"):
            arguments[name] = obj.pk
        elif name == "history_id" and hasattr(obj, "history"):
            arguments[name] = obj.history.first().history_id
        else:
            pytest.fail(f"{pattern.name}: add a value for <{name}> to url_arguments()")
    return arguments


@pytest.fixture
def every_admin_url(db, admin_user):
    """(model admin, kind, object, url) for every named admin URL of every model."""
    call_command("load_demo_content", "--no-admin")
    other_instances()
    urls, missing = [], []
    for model, model_admin in admin.site._registry.items():
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            missing.append(model._meta.label)
            continue
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        for pattern in model_admin.get_urls():
            if not pattern.name:
                continue
            kwargs = url_arguments(pattern, obj)
            url = reverse(f"admin:{pattern.name}", kwargs=kwargs)
            urls.append((model_admin, pattern.name.removeprefix(prefix), obj, url, kwargs))
    assert not missing, (
        f"No object of {missing}: add some to load_demo_content, or to other_instances() "
        "in tests/security/test_permissions.py, so that their admin pages are tested."
    )
    return urls


def snapshot():
    """Every row of every registered model: to prove a refused request changed nothing."""
    return {
        model: sorted(map(repr, model._default_manager.values())) for model in admin.site._registry
    }


def allows(user, model_admin, kind, obj, per_object):
    """Whether the ModelAdmin lets this user open this kind of page."""
    request = RequestFactory().get("/")
    request.user = user
    obj = obj if per_object else None
    if not model_admin.has_view_or_change_permission(request, obj):
        return False  # no page of a model, nor of an object, without at least viewing it
    permission = VIEW_PERMISSION.get(kind)
    if permission == "add":
        return model_admin.has_add_permission(request)
    if permission in ("change", "delete"):
        return getattr(model_admin, f"has_{permission}_permission")(request, obj)
    return True


def opened(client, url):
    """The status of a GET; a redirect to another page of the same model counts as 200.

    A single-record model's list opens its one record (pages.SiteSettingsAdmin).
    """
    response = client.get(url)
    model_prefix = url.split("/")[:4]
    if response.status_code == 302 and response.url.split("/")[:4] == model_prefix:
        return 200
    return response.status_code


def check_role(client, user, urls):
    """GET every admin URL as the user; each must match its ModelAdmin, refusals change nothing."""
    client.force_login(user)
    before = snapshot()
    refused = []
    for model_admin, kind, obj, url, kwargs in urls:
        allowed = allows(user, model_admin, kind, obj, bool(kwargs))
        status = opened(client, url)
        if status == 405:  # a POST-only view (restore): only a refusal can be tried safely
            if allowed:
                continue
            status = client.post(url).status_code
        if kind in VIEW_PERMISSION:
            assert status == (200 if allowed else 403), (user.username, url, status)
        elif not allowed:
            assert status == 403, (user.username, url, status)
        else:  # a view the ModelAdmin adds: its own finer rules, tested with its app
            assert status in (200, 302, 403, 404), (user.username, url, status)
        if status == 403:
            refused.append(url)
            assert client.post(url, {"post": "yes"}).status_code == 403, (user.username, url)
    assert snapshot() == before
    return refused


def test_anonymous_visitors_are_sent_to_sign_in(client, every_admin_url):
    """Nobody sees or changes anything in the admin without signing in."""
    login = reverse("admin:login")
    before = snapshot()
    for *_rest, url, _kwargs in every_admin_url:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (method.__name__, url)
            assert response.url.startswith(f"{login}?next="), url
    for url in [reverse("admin:index"), reverse("admin:autocomplete")]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(login), url
    assert snapshot() == before


def test_staff_without_permissions_are_refused_everywhere(client, every_admin_url):
    """A staff account with no permission gets 403 on every model page, reading or writing."""
    user = get_user_model().objects.create_user("bez-prav", password="x", is_staff=True)
    refused = check_role(client, user, every_admin_url)
    assert len(refused) == len(every_admin_url)
    query = {"app_label": "news", "model_name": "article", "field_name": "tags", "term": ""}
    assert client.get(reverse("admin:autocomplete"), query).status_code == 403


@pytest.mark.parametrize("role", ["author", "editor"])
def test_roles_reach_what_their_admin_allows_and_never_accounts(
    client, every_admin_url, make_staff, role
):
    """Authors and editors open exactly what their role allows; users and logins stay hidden."""
    user = make_staff(role, f"{role}-perevirka")
    refused = check_role(client, user, every_admin_url)
    for model_admin, _kind, _obj, url, _kwargs in every_admin_url:
        if model_admin.model._meta.app_label in ADMINISTRATORS_ONLY:
            assert url in refused, (role, url)
    for label in ADMINISTRATORS_ONLY:
        assert client.get(reverse("admin:app_list", args=[label])).status_code == 404


def test_superuser_pages_open_as_their_admin_allows(client, every_admin_url, admin_user):
    """The administrator opens every admin page the ModelAdmin offers; read-only ones refuse."""
    client.force_login(admin_user)
    for model_admin, kind, obj, url, kwargs in every_admin_url:
        allowed = allows(admin_user, model_admin, kind, obj, bool(kwargs))
        status = opened(client, url)
        if kind in VIEW_PERMISSION:
            assert status == (200 if allowed else 403), url
        else:
            assert status in (200, 302, 405), url  # 405: a POST-only view such as restore

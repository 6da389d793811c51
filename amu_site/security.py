"""Security plumbing: response headers, hostile-input rejection, login throttling.

What each piece protects against, and why it is shaped so: docs/security.md.
"""

import ipaddress
from datetime import UTC, timedelta
from urllib.parse import unquote_to_bytes

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone


class HostileInput(SuspiciousOperation):
    """Answered with the 400 page and logged on the django.security logger."""


def _is_hostile(raw):
    """A NUL byte or bytes that are not UTF-8, once percent-decoded."""
    decoded = unquote_to_bytes(raw.replace("+", " "))
    if b"\0" in decoded:
        return True
    try:
        decoded.decode()
    except UnicodeDecodeError:
        return True
    return False


class RejectHostileInputMiddleware:
    """400 for a query string with NUL bytes or invalid UTF-8, and for forged admin selections.

    Django decodes such a query string without complaint; a NUL then reaches PostgreSQL,
    which refuses it with an error (a 500) wherever a parameter meets a query: search,
    admin filters, lookups. Browsers never send either, so refusing them costs nothing.

    The admin's list actions put the posted ids straight into a query: an id that is no
    id ("abc", a NUL, a number beyond the column's range) is a 500 in Django 6.1. Every
    ModelAdmin's views carry their admin (``view.model_admin``), so one check covers them all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _is_hostile(request.META.get("QUERY_STRING", "")):
            raise HostileInput("NUL byte or invalid UTF-8 in the query string")
        if "\0" in request.path:
            raise HostileInput("NUL byte in the path")
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        model_admin = getattr(view_func, "model_admin", None)
        if model_admin is None:
            return None
        if request.method == "POST":
            pk = model_admin.model._meta.pk
            for value in request.POST.getlist(ACTION_CHECKBOX_NAME):
                try:
                    pk.run_validators(pk.to_python(value))
                except ValidationError as error:
                    raise HostileInput("An admin action got an id that is no id") from error
        if model_admin.date_hierarchy:
            # A year beyond 9998 is a 500 in Django 6.1.3's ChangeList (ticket #37357).
            year = request.GET.get(f"{model_admin.date_hierarchy}__year")
            if year is not None and not (year.isascii() and year.isdigit() and len(year) <= 4):
                raise HostileInput("A date hierarchy year that is no year")
            if year is not None and not 1 <= int(year) <= 9998:
                raise HostileInput("A date hierarchy year out of range")
        return None


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set, and the admin's own CSP.

    Placed after django.middleware.csp.ContentSecurityPolicyMiddleware, so that the
    policy chosen here for admin views is the one that middleware writes.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.SECURE_PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        if settings.SECURE_CROSS_ORIGIN_RESOURCE_POLICY:
            response.headers.setdefault(
                "Cross-Origin-Resource-Policy", settings.SECURE_CROSS_ORIGIN_RESOURCE_POLICY
            )
        match = getattr(request, "resolver_match", None)
        if match and admin.site.name in match.namespaces:
            if not hasattr(response, "_csp_config"):
                response._csp_config = settings.SECURE_CSP_ADMIN
            # Kept out of search engines without naming the admin's address in robots.txt.
            response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
        return response


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_ip(request):
    """The visitor's address: REMOTE_ADDR, or what a trusted proxy put in X-Forwarded-For.

    Only the proxies in TRUSTED_PROXIES (the deployment's setting) are believed; the
    right-most address they did not add is the client. Anything else could be forged, and
    a forged address would let an attacker escape the login throttle.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXIES", [])

    def trusted(address):
        return address is not None and any(address in network for network in proxies)

    if trusted(_address(remote)):
        for item in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
            address = _address(item)
            if address is None:
                break
            if not trusted(address):
                return str(address)
    return remote


class LoginThrottleHandler(AxesDatabaseHandler):
    """django-axes' database handler plus a limit per address across all names.

    Axes locks a (name, address) pair; an address that sprays many names is stopped here
    after AXES_ADDRESS_FAILURE_LIMIT failures within the cool-off time.
    """

    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or self.address_exhausted(request)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is not None and not request.axes_locked_out and self.address_exhausted(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials

    def address_exhausted(self, request):
        failures = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        ).aggregate(total=Sum("failures_since_start"))["total"]
        return (failures or 0) >= settings.AXES_ADDRESS_FAILURE_LIMIT


def security_txt(request):
    """/.well-known/security.txt (RFC 9116): where to report a vulnerability.

    Served only when DJANGO_SECURITY_CONTACT names the address; the file expires a year
    from each request, so it never goes stale while the setting is kept.
    """
    if not settings.SECURITY_CONTACT:
        raise Http404
    expires = (timezone.now() + timedelta(days=365)).replace(microsecond=0)
    lines = [f"Contact: {contact}" for contact in settings.SECURITY_CONTACT] + [
        f"Expires: {expires.astimezone(UTC).isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: uk, en",
        f"Canonical: {request.build_absolute_uri()}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def lockout_response(request, original_response=None, credentials=None):
    """The admin's own page in Ukrainian: when to try again; no hint whether the name exists."""
    minutes = int(get_cool_off(request).total_seconds() // 60)
    context = admin.site.each_context(request) | {"minutes": minutes}
    return render(request, "admin/locked_out.html", context, status=429)

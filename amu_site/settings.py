"""Settings for the AUC newsroom: one module, configured by environment variables.

Development defaults are harmless (SQLite, DEBUG on); with DEBUG off a missing
secret key stops start-up and the production hardening below switches on.
Every variable is listed in .env.example and docs/deployment.md.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# Production hardening follows DEBUG; DJANGO_PRODUCTION overrides it either way (e.g. to try
# the hardened settings with DEBUG on, or to keep plain static files with DEBUG off).
PRODUCTION = env_bool("DJANGO_PRODUCTION", not DEBUG)

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Search lookups (pg_trgm's trigram_similar); inert on SQLite.
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    # Old addresses of the association's site answer 301 (issue 11); editable in the admin.
    "django.contrib.sites",
    "django.contrib.redirects",
    "django_prose_editor",
    "simple_history",
    "imagekit",
    "images",
    # Rich text, translations, revisions and the publishing workflow every app shares.
    "editorial",
    "amu_site.apps.AxesConfig",
    "news",
    "partners",
    "pages",
    # Forums, congresses, webinars: between pages and news (docs/architecture.md).
    "events",
    # The one-off import from the old site (docs/import.md); removable. After news: its admin
    # replaces the article admin with one that shows the import.
    "legacy_import",
    "amu_site",
    # Whole public pages for visitors (docs/performance.md); imports none of the apps above.
    "pagecache",
]

MIDDLEWARE = [
    # Answers /healthz and /readyz before host validation and the HTTPS redirect, so an
    # orchestrator's plain-HTTP probe by IP address works.
    "amu_site.middleware.HealthCheckMiddleware",
    # Drops X-Forwarded-Proto unless the peer is a trusted proxy (DJANGO_TRUSTED_PROXIES).
    "amu_site.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # ETag and If-None-Match / If-Modified-Since: a revalidation of an unchanged page is a 304.
    "django.middleware.http.ConditionalGetMiddleware",
    # NUL bytes and broken UTF-8 refused (400) before the page cache keeps only the query
    # parameters a view declares, which would hide them.
    "amu_site.security.RejectHostileInputMiddleware",
    # Whole public pages for visitors without a session (issue 13, docs/performance.md). A
    # hit is answered here, with the headers the middlewares below gave the stored page.
    "pagecache.page_cache_middleware",
    # A database outage becomes a 503 page with Retry-After instead of a 500.
    "amu_site.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "amu_site.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Tells django-simple-history who made each revision.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Near the end, so it sees every 404 and looks the address up among the redirects.
    "pages.middleware.RedirectFallbackMiddleware",
    # Last, so that it turns a lockout flagged during the login view into its page.
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Serves the collected, compressed files itself when no front server does (a PaaS, a
    # probe); development relies on runserver, which needs no collectstatic.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )

ROOT_URLCONF = "amu_site.urls"
WSGI_APPLICATION = "amu_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "news.context_processors.site",
                "pages.context_processors.site",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        # A persistent connection that died with the server is replaced at the next
        # request, so the site recovers from a database restart without a restart of its own.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # libpq waits forever for an unreachable host by default; fail fast and answer 503.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "5"))
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# One site; django.contrib.redirects keys its rows on it.
SITE_ID = 1

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "pagecache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "amu",
            # Short timeouts: an unreachable Redis must not hang a request for long.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The anonymous page cache (pagecache/). Pages stay fresh this long at most; public edits,
# imports and scheduled times invalidate them earlier. 0 turns it off. A local memory cache
# lives in one process and cannot hear another process's edits: a minute there.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600" if REDIS_URL else "60"))
# With Redis, each worker serves the pages it served last from its own memory for this long
# without asking Redis: another worker's edit shows here that much later at most.
PAGE_CACHE_LOCAL_SECONDS = float(
    os.environ.get("DJANGO_PAGE_CACHE_LOCAL_SECONDS", "0.5" if REDIS_URL else "0")
)

# --- Authentication ---------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Only staff have sessions. One ends after a working day without a request (each request
# renews it), not after Django's fortnight.
SESSION_COOKIE_AGE = 9 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
# After signing in with a `next` address that is refused (another site's), the admin.
LOGIN_REDIRECT_URL = "admin:index"

# --- Security ---------------------------------------------------------------
# What is protected and why: docs/security.md. What needs HTTPS is under "Security (production)".

# The admin's address; another one than "admin/" keeps the noise of scanners away.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"
if ADMIN_URL == "/":
    raise ImproperlyConfigured("DJANGO_ADMIN_URL must not be empty.")

# Where to report a vulnerability, published at /.well-known/security.txt: "mailto:…" or
# "https://…", several separated by commas. Unset: no security.txt.
SECURITY_CONTACT = env_list("DJANGO_SECURITY_CONTACT")

# Content-Security-Policy (Django's own middleware). Public pages: scripts and styles only
# from this site or with the request's nonce ({{ csp_nonce }}), frames only from the three
# video players, no plugins, no <base>, no framing, forms post only here.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # The players of videos in the text (images/video.py), loaded when a reader presses play.
    "frame-src": [
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "https://www.facebook.com",
    ],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# The admin (chosen for admin views by amu_site.security.SecurityHeadersMiddleware). Django
# 6.1's admin templates and django-js-asset's media (the editor's import map) carry the
# nonce; the one addition is the stylesheet Tiptap injects when the rich-text editor starts
# (django-prose-editor 0.28 passes it no nonce): allowed by its hash. A new editor version
# with other CSS fails tests/browser/test_csp.py, whose message names the new hash.
PROSE_EDITOR_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"
SECURE_CSP_ADMIN = SECURE_CSP | {"style-src": [CSP.SELF, CSP.NONCE, PROSE_EDITOR_STYLE_HASH]}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
SECURE_PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
# HSTS and Secure cookies: "Security (production)" below, with the HTTPS settings.
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = "Lax"

# More fields than this in one request is an attack, not a form: 400 (Django's default).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# Failed logins (django-axes): five wrong passwords for one name from one address lock that
# pair for 15 minutes, so the real user can still sign in from elsewhere; an address that
# tries many names is stopped after AXES_ADDRESS_FAILURE_LIMIT failures.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "amu_site.security.LoginThrottleHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = 5
AXES_ADDRESS_FAILURE_LIMIT = 30
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "amu_site.security.lockout_response"
# The address that X-Forwarded-For's trusted proxies (TRUSTED_PROXIES) saw, else REMOTE_ADDR.
AXES_CLIENT_IP_CALLABLE = "amu_site.security.client_ip"
# No start-up banner on stdout (it would interleave with manage.py output and JSON logs).
AXES_VERBOSE = False

# --- Languages and time -----------------------------------------------------

LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", _("Ukrainian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["amu_site.formats"]
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "uk"
MODELTRANSLATION_LANGUAGES = ("uk", "en")
# modeltranslation reads JQUERY_UI_URL (no prefix); served from static/ so the admin's
# language tabs work without a network.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# --- Static and media files -------------------------------------------------

# A CDN in front of the site: DJANGO_STATIC_URL=https://cdn.example.org/static/
STATIC_URL = os.environ.get("DJANGO_STATIC_URL", "static/")
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "media/")
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if PRODUCTION:
    # Hashed names and .br/.gz copies made by collectstatic (at image build and at start);
    # WhiteNoise and the front server serve the hashed files with far-future headers.
    # Needs collectstatic to have run, so development and the test suite keep plain storage.
    STORAGES["staticfiles"] = {"BACKEND": "amu_site.storage.CompressedManifestStorage"}

# Media on S3-compatible object storage (several web machines), via django-storages:
# pip install ".[s3]" and set AWS_STORAGE_BUCKET_NAME; credentials come from the standard
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables, which boto3 reads itself.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # A CDN or public bucket domain; files are then linked without signatures.
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": not os.environ.get("AWS_S3_CUSTOM_DOMAIN"),
            "file_overwrite": False,
        },
    }

# --- Security (production) --------------------------------------------------

# X-Forwarded-Proto is believed only from these addresses (the front server); the
# TrustedProxyMiddleware removes it from every other peer. docs/deployment.md, "Proxy".
TRUSTED_PROXIES = [
    ipaddress.ip_network(item, strict=False)
    for item in env_list("DJANGO_TRUSTED_PROXIES", "127.0.0.1,::1")
]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Probes reach gunicorn directly over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$", r"^readyz/?$"]
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # __Host-: the browser keeps them only if Secure, for this host alone and the whole site,
    # so no subdomain can set or overwrite them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)


# Static files or media on another origin (a CDN, object storage) are allowed by the CSP;
# DJANGO_CSP_EXTRA_ORIGINS adds any other (comma-separated "https://host").
def url_origin(url):
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


ASSET_ORIGINS = {
    url_origin(STATIC_URL),
    url_origin(MEDIA_URL),
    *env_list("DJANGO_CSP_EXTRA_ORIGINS"),
}
if AWS_STORAGE_BUCKET_NAME:
    s3 = STORAGES["default"]["OPTIONS"]
    ASSET_ORIGINS |= {
        url_origin(s3["endpoint_url"]),
        s3["custom_domain"] and f"https://{s3['custom_domain']}",
        f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com",
        s3["region_name"]
        and f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{s3['region_name']}.amazonaws.com",
    }
ASSET_ORIGINS = sorted(origin for origin in ASSET_ORIGINS if origin)
for policy in (SECURE_CSP, SECURE_CSP_ADMIN):
    for directive in ("script-src", "style-src", "img-src", "font-src"):
        policy[directive] = [*policy[directive], *ASSET_ORIGINS]

# --- Analytics --------------------------------------------------------------

# A self-hosted analytics script that sets no cookie: Plausible, or Matomo (told to set none
# by static/js/matomo.js). Both need two things: the script's address,
# DJANGO_ANALYTICS_SCRIPT_URL (Plausible's ".../js/script.js", Matomo's ".../matomo.js"), and
# the site as the analytics server knows it, DJANGO_ANALYTICS_SITE_ID (Plausible: the domain;
# Matomo: the site's number). Unset: no script on any page, no other origin in the CSP.
ANALYTICS_SCRIPT_URL = os.environ.get("DJANGO_ANALYTICS_SCRIPT_URL", "").strip()
ANALYTICS_SITE_ID = os.environ.get("DJANGO_ANALYTICS_SITE_ID", "").strip()
if ANALYTICS_SCRIPT_URL:
    analytics_origin = url_origin(ANALYTICS_SCRIPT_URL)
    if not analytics_origin or not ANALYTICS_SITE_ID:
        raise ImproperlyConfigured(
            "DJANGO_ANALYTICS_SCRIPT_URL must be a full address (https://…), "
            "and DJANGO_ANALYTICS_SITE_ID must be set with it."
        )
    # Public pages only (staff in the admin are not counted): the script comes from there,
    # page views are sent there (Matomo falls back to an image request).
    for directive in ("script-src", "connect-src", "img-src"):
        SECURE_CSP[directive] = [*SECURE_CSP[directive], analytics_origin]

# --- Logging ----------------------------------------------------------------

# One JSON object per line on stdout in production (the container runtime collects it);
# readable lines in development. DJANGO_LOG_FORMAT=json|text overrides.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "json" if PRODUCTION else "text")
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "amu_site.jsonlog.JSONFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "filters": {"refused": {"()": "amu_site.jsonlog.RefusedRequestFilter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
        },
        "refused": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["refused"],
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own handlers would print a second, unstructured copy.
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        # Expected 4xx (missing pages, bad input) are not worth a line each.
        "django.request": {"handlers": ["stdout"], "level": "ERROR", "propagate": False},
        # A refused request (a forged host, a NUL in the query) is the visitor's doing, not
        # the site's: one WARNING line without a traceback, so a scanner cannot flood the log.
        "django.security": {"handlers": ["refused"], "level": "WARNING", "propagate": False},
    },
}

# --- Images -----------------------------------------------------------------

# Checked from the file's header before a single pixel is decoded (images/uploads.py).
IMAGES_MAX_UPLOAD_BYTES = 15 * 1024 * 1024
IMAGES_MAX_PIXELS = 40_000_000  # all frames of an animated image together
# Widths of the responsive renditions (AVIF/WebP/JPEG), made once when an image is saved.
IMAGES_RENDITION_WIDTHS = (400, 800, 1200)
# django-imagekit: renditions are generated when the image is saved, so a page only computes
# their names; nothing checks or generates files while a visitor waits.
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"
IMAGEKIT_CACHEFILE_DIR = "renditions"

# --- Newsroom ---------------------------------------------------------------

NEWS_PAGE_SIZE = 12
SITE_NAME = _("Association of Ukrainian Cities")

# --- Pages and documents ----------------------------------------------------

DOCUMENTS_PAGE_SIZE = 20
DOCUMENTS_MAX_SIZE = int(os.environ.get("DJANGO_DOCUMENTS_MAX_MB", "30")) * 1024 * 1024

"""What every gunicorn worker would otherwise do again after each fork, done once in the master.

gunicorn loads the site in its master and forks the workers from it (`preload_app`), and
recycles each worker after about a thousand requests. A new worker inherits what the master
has in memory, and nothing else: before this, each one compiled the templates, imported the
template tag libraries they load, read the message catalogues of both languages and built
the URL maps on its first requests, about half a second of CPU per worker; and its first
search (or save of an article) read the lemma dictionaries, another third of a second and
65 MB, now shared by all the workers. Its first page from the cache imported the Redis client
(26 ms), and its first page with images loaded Pillow's format plugins (imagekit names each
rendition by its format). Under a spike a worker is recycled every second or so (issue 13,
docs/performance.md).

Nothing here opens a database or Redis connection: a socket opened before the fork would be
shared by every worker.
"""

from pathlib import Path

import redis  # noqa: F401  (Django's Redis backend imports it at the cache's first use)
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.forms.renderers import get_default_renderer
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import NoReverseMatch, reverse
from django.utils import formats, translation
from django.utils.module_loading import import_string
from PIL import Image

from editorial.search import LEMMATIZER_LANGUAGE
from editorial.text import load_lemma_dictionaries

# Django's own templates the public pages render (the directory's and search's filters).
FORM_TEMPLATES = [
    f"django/forms/widgets/{name}.html"
    for name in ("attrs", "input", "text", "search", "select", "select_option", "checkbox")
]


def public_templates(engine):
    """The project's own templates (its directory and its apps'), but the admin's, which
    only staff open."""
    base = Path(settings.BASE_DIR).resolve()
    for directory in engine.template_dirs:
        root = Path(directory).resolve()
        if not root.is_relative_to(base) or ".venv" in root.parts:
            continue
        for path in sorted(root.rglob("*.html")):
            name = path.relative_to(root).as_posix()
            if not name.startswith("admin/"):
                yield name


def warm_up():
    engine = engines["django"]
    engine.engine.template_context_processors  # noqa: B018  (imports them)
    for alias in settings.CACHES:
        import_string(settings.CACHES[alias]["BACKEND"])  # without connecting
    for name in public_templates(engine):
        try:
            engine.get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):
            continue  # a page that fails this way fails on its request, with its own error
    renderer = get_default_renderer()  # forms render with an engine of their own
    for name in FORM_TEMPLATES:
        renderer.get_template(name)
    try:
        staticfiles_storage.url("css/site.css")  # reads the manifest of hashed names
    except ValueError:
        pass  # collectstatic has not run: the page says so on its request
    for code, _name in settings.LANGUAGES:
        with translation.override(code):  # reads the language's catalogues
            formats.get_format("DATE_FORMAT")  # imports the language's formats
            try:
                reverse("news:home")  # builds the language's URL map
            except NoReverseMatch:
                pass
    Image.init()
    load_lemma_dictionaries(set(LEMMATIZER_LANGUAGE.values()))  # the ones search reads

"""The site's URLs plus uploaded files, which DEBUG-off test servers do not serve."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from amu_site.urls import urlpatterns


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [*urlpatterns, re_path(r"^media/(?P<path>.*)$", media)]

"""The site's addresses, plus the floor and the plain views bench/run.py measures."""

from django.urls import path

from amu_site.urls import handler500
from amu_site.urls import urlpatterns as site_urlpatterns

from . import views

urlpatterns = [
    path("bench/floor/", views.constant),
    path("bench/plain/news/", views.PlainArticleListView.as_view()),
    path("bench/plain/news/<slug:slug>/", views.PlainArticleView.as_view()),
    path("bench/plain/news/<slug:slug>/layout/", views.PlainArticleInLayoutView.as_view()),
    *site_urlpatterns,
]
__all__ = ["handler500", "urlpatterns"]

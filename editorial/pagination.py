"""Pagination of public lists (news, the directory) whose cost does not grow with the list."""

import hashlib

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from pagecache import remember


class PublicListPaginator(Paginator):
    """Pages of a public list whose cost does not grow with the number of rows.

    The count is remembered until public content changes (pagecache.remember),
    keyed by the list's address; a page after the first picks its rows' ids first (for the
    news, from the lists' index news_article_public_order_idx) and only then reads those
    rows, instead of reading and skipping every row before it.
    """

    def __init__(self, object_list, per_page, *, count_key, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        return remember(self.count_key, lambda: Paginator.count.func(self))

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom:
            ids = self.object_list.values("pk")[bottom:top]
            object_list = self.object_list.filter(pk__in=ids)
        else:
            object_list = self.object_list[:top]
        return self._get_page(object_list, number, self)


class RememberedCountMixin:
    """For a public list view: see PublicListPaginator."""

    paginator_class = PublicListPaginator

    def get_paginator(self, queryset, per_page, **kwargs):
        # One count per list, whatever the page: the address names the list and its language
        # (and any filter in the query string).
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        address = f"{self.request.path}?{query.urlencode()}".encode()
        count_key = f"list-count:{hashlib.sha256(address).hexdigest()}"
        return super().get_paginator(queryset, per_page, count_key=count_key, **kwargs)

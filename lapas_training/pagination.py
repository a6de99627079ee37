"""Paging of list views."""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 25


def paginate(request, queryset, per_page: int = PAGE_SIZE) -> Page:
    """Return the requested page of ``queryset``; a bad page number falls back to the nearest."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))

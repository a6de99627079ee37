"""Inmate register pages for Lapas staff."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from inmates import selectors
from inmates.models import Inmate
from lapas_training import rules
from lapas_training.pagination import paginate
from lapas_training.scoping import get_for_user_or_404


@login_required
def inmate_list(request):
    """List the inmates of the user's facility, searchable and sortable."""
    if not rules.can_view_inmate_register(request.user):
        raise Http404
    search = request.GET.get("q", "")
    status = request.GET.get("status", "")
    sort = request.GET.get("sort", "name")
    page = paginate(
        request, selectors.inmate_list(user=request.user, search=search, status=status, sort=sort)
    )
    return render(
        request,
        "inmates/inmate_list.html",
        {
            "page": page,
            "search": search,
            "status": status,
            "sort": sort,
            "statuses": Inmate.Status.choices,
        },
    )


@login_required
def inmate_detail(request, pk: int):
    """Show one inmate with his whole training history."""
    inmate = get_for_user_or_404(selectors.inmates_visible_to, request.user, pk=pk)
    return render(
        request,
        "inmates/inmate_detail.html",
        {
            "inmate": inmate,
            "history": selectors.inmate_training_history(inmate=inmate),
            "show_sensitive": rules.can_see_sensitive_inmate_data(request.user, inmate),
        },
    )

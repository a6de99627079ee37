"""Home pages per role, and the cohort pages."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from inmates.models import Inmate
from inmates.selectors import inmates_visible_to
from lapas_training import rules
from lapas_training.models import Role
from lapas_training.pagination import paginate
from lapas_training.scoping import get_for_user_or_404
from programs import selectors
from programs.models import Cohort, Enrollment

HOME_TEMPLATES = {
    Role.ADMIN: "programs/home_admin.html",
    Role.LAPAS_OPERATOR: "programs/home_facility.html",
    Role.LAPAS_HEAD: "programs/home_facility.html",
    Role.AGENCY_ADMIN: "programs/home_agency.html",
    Role.INSTRUCTOR: "programs/home_instructor.html",
}
HOME_COHORT_LIMIT = 10


@login_required
def home(request):
    """Show the landing page made for the user's role."""
    user = request.user
    cohorts = selectors.cohort_list(user=user).exclude(status=Cohort.Status.CANCELLED)
    status_counts = selectors.cohorts_visible_to(user=user).aggregate(
        planned=Count("id", filter=Q(status=Cohort.Status.PLANNED)),
        running=Count("id", filter=Q(status=Cohort.Status.RUNNING)),
        closed=Count("id", filter=Q(status=Cohort.Status.CLOSED)),
    )
    context = {
        "cohorts": cohorts[:HOME_COHORT_LIMIT],
        "status_counts": status_counts,
    }
    if rules.can_view_inmate_register(user):
        context["inmate_counts"] = inmates_visible_to(user=user).aggregate(
            active=Count("id", filter=Q(status=Inmate.Status.ACTIVE)),
            total=Count("id"),
        )
    template = HOME_TEMPLATES.get(user.role, "programs/home_facility.html")
    return render(request, template, context)


@login_required
def cohort_list(request):
    """List the cohorts the user may see, searchable and filterable by status."""
    search = request.GET.get("q", "")
    status = request.GET.get("status", "")
    page = paginate(request, selectors.cohort_list(user=request.user, search=search, status=status))
    return render(
        request,
        "programs/cohort_list.html",
        {"page": page, "search": search, "status": status, "statuses": Cohort.Status.choices},
    )


@login_required
def cohort_detail(request, pk: int):
    """Show a cohort with its sessions and participants."""
    cohort = get_for_user_or_404(
        lambda user: selectors.cohorts_visible_to(user=user).select_related(
            "program", "facility", "agency"
        ),
        request.user,
        pk=pk,
    )
    participants = list(selectors.cohort_participants(cohort=cohort))
    return render(
        request,
        "programs/cohort_detail.html",
        {
            "cohort": cohort,
            "participants": participants,
            "active_count": sum(1 for e in participants if e.status != Enrollment.Status.WITHDRAWN),
            "sessions": cohort.sessions.all(),
            "instructors": cohort.instructors.all(),
            "can_manage": rules.can_manage_cohort(request.user, cohort),
        },
    )

"""The landing page of each role."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from inmates.selectors import inmate_counts
from lapas_training import rules
from lapas_training.models import Role
from programs import selectors

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
    context = {
        "cohorts": selectors.home_cohorts(user=user, limit=HOME_COHORT_LIMIT),
        "status_counts": selectors.cohort_status_counts(user=user),
    }
    if rules.is_instructor(user):  # the classes being taught now come first
        context["cohorts"].sort(key=lambda cohort: not cohort.is_running)
    if rules.can_view_inmate_register(user):
        context["inmate_counts"] = inmate_counts(user=user)
    template = HOME_TEMPLATES.get(user.role, "programs/home_facility.html")
    return render(request, template, context)

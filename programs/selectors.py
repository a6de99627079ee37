"""Scoped reads of cohorts and their participants."""

from django.db.models import Count, Q, QuerySet

from lapas_training.models import Role
from programs.models import Cohort, Enrollment


def cohorts_visible_to(*, user) -> QuerySet[Cohort]:
    """Return the cohorts this user may see.

    Lapas staff see their facility's cohorts, agency admins their agency's, instructors only
    the cohorts they teach, and system administrators all of them.
    """
    if not user.is_authenticated:
        return Cohort.objects.none()
    if user.role == Role.ADMIN:
        return Cohort.objects.all()
    if user.role in {Role.LAPAS_OPERATOR, Role.LAPAS_HEAD}:
        return Cohort.objects.filter(facility_id=user.facility_id)
    if user.role == Role.AGENCY_ADMIN:
        return Cohort.objects.filter(agency_id=user.agency_id)
    if user.role == Role.INSTRUCTOR:
        # Only while he still belongs to the cohort's agency.
        return Cohort.objects.filter(instructors=user, agency_id=user.agency_id)
    return Cohort.objects.none()


def cohort_list(*, user, search: str = "", status: str = "") -> QuerySet[Cohort]:
    """Return the user's cohorts with their participant counts, newest first."""
    qs = (
        cohorts_visible_to(user=user)
        .select_related("program", "facility", "agency")
        .annotate(
            participant_count=Count(
                "enrollments",
                filter=~Q(enrollments__status=Enrollment.Status.WITHDRAWN),
                distinct=True,
            ),
            session_count=Count("sessions", distinct=True),
        )
    )
    search = search.strip()
    if search:
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(program__name__icontains=search)
            | Q(agency__name__icontains=search)
            | Q(facility__name__icontains=search)
        )
    if status in Cohort.Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("-start_date", "name", "id")


def cohort_participants(*, cohort: Cohort) -> QuerySet[Enrollment]:
    """Return the cohort's enrollments with the inmate's name and number, by name."""
    return (
        cohort.enrollments.select_related("inmate")
        .only(
            "id",
            "status",
            "result",
            "cohort_id",
            "inmate__id",
            "inmate__full_name",
            "inmate__registration_number",
        )
        .order_by("inmate__full_name", "id")
    )

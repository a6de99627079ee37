"""Scoped reads of cohorts and their participants."""

from django.db.models import Count, Q, QuerySet

from inmates.models import Inmate
from inmates.selectors import inmates_visible_to
from lapas_training.models import Role
from lapas_training.scoping import get_for_user_or_404
from programs.models import Attendance, Cohort, Enrollment, Session


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
            "withdrawal_reason",
            "result",
            "cohort_id",
            "inmate__id",
            "inmate__full_name",
            "inmate__registration_number",
        )
        .order_by("inmate__full_name", "id")
    )


def cohort_active_count(*, cohort: Cohort) -> int:
    """Return how many places of the cohort are taken."""
    return cohort.enrollments.exclude(status=Enrollment.Status.WITHDRAWN).count()


def enrollment_candidates(*, user, cohort: Cohort, search: str = "") -> QuerySet[Inmate]:
    """Return the active inmates of the cohort's facility that the user may enrol."""
    qs = inmates_visible_to(user=user).filter(
        facility_id=cohort.facility_id, status=Inmate.Status.ACTIVE
    )
    search = search.strip()
    if search:
        qs = qs.filter(Q(full_name__icontains=search) | Q(registration_number__icontains=search))
    return qs.order_by("full_name", "id")


def picked_inmates(*, user, cohort: Cohort, ids) -> list[Inmate]:
    """Return the inmates among ``ids`` that the user may enrol in this cohort, by name."""
    clean_ids = {int(i) for i in ids if str(i).isdigit()}
    if not clean_ids:
        return []
    return list(
        inmates_visible_to(user=user)
        .filter(facility_id=cohort.facility_id, pk__in=clean_ids)
        .order_by("full_name", "id")
    )


def cohort_roster(*, cohort: Cohort) -> list[Enrollment]:
    """Return the active participants with their attendance figures, by name.

    Only names and registration numbers of the inmates are loaded: this is what instructors see.
    """
    return list(
        cohort.enrollments.exclude(status=Enrollment.Status.WITHDRAWN)
        .select_related("inmate")
        .with_attendance()
        .only(
            "id",
            "status",
            "result",
            "score",
            "assessor_notes",
            "cohort_id",
            "inmate__id",
            "inmate__full_name",
            "inmate__registration_number",
        )
        .order_by("inmate__full_name", "id")
    )


def attendance_grid(*, cohort: Cohort):
    """Return (sessions, rows) where each row is (enrollment, [status or None per session])."""
    sessions = list(cohort.sessions.all())
    roster = cohort_roster(cohort=cohort)
    marks = {
        (a.enrollment_id, a.session_id): a.status
        for a in Attendance.objects.filter(session__cohort=cohort).only(
            "enrollment_id", "session_id", "status"
        )
    }
    rows = [(e, [marks.get((e.pk, s.pk)) for s in sessions]) for e in roster]
    return sessions, rows


def cohort_progress(cohorts) -> None:
    """Attach ``sessions_held`` and ``average_attendance`` to each cohort, in two queries."""
    cohorts = list(cohorts)
    ids = [c.pk for c in cohorts]
    held = dict(
        Session.objects.filter(cohort_id__in=ids, attendance_taken_at__isnull=False)
        .values_list("cohort_id")
        .annotate(n=Count("id"))
        .values_list("cohort_id", "n")
    )
    marks = {
        row["session__cohort_id"]: row
        for row in Attendance.objects.filter(session__cohort_id__in=ids)
        .values("session__cohort_id")
        .annotate(
            total=Count("id"), present=Count("id", filter=Q(status=Attendance.Status.PRESENT))
        )
    }
    for cohort in cohorts:
        cohort.sessions_held = held.get(cohort.pk, 0)
        row = marks.get(cohort.pk)
        cohort.average_attendance = (
            100 * row["present"] / row["total"] if row and row["total"] else None
        )


def cohort_for_user_or_404(*, user, pk: int) -> Cohort:
    """Return one cohort the user may see, with what its pages show; others get 404."""
    return get_for_user_or_404(
        lambda user: cohorts_visible_to(user=user).select_related("program", "facility", "agency"),
        user,
        pk=pk,
    )

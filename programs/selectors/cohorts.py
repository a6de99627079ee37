"""Scoped reads of cohorts: who sees which, lists, figures and progress."""

from collections.abc import Callable
from datetime import date

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from lapas_training.models import Role, User
from lapas_training.scoping import get_for_user_or_404
from programs.models import NOT_WITHDRAWN, Attendance, Cohort, Enrollment, Session


def cohorts_visible_to(*, user: User) -> QuerySet[Cohort]:
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


def cohorts_counted_for(*, user: User) -> QuerySet[Cohort]:
    """Return the cohorts whose figures this user may read in reports.

    The cohorts he sees, and for a regional office (Kanwil) every cohort held in a facility
    of its province: it reads their figures but opens none of their pages.
    """
    if user.is_authenticated and user.role == Role.KANWIL:
        return Cohort.objects.filter(facility__province=user.province)
    return cohorts_visible_to(user=user)


def cohort_for_user_or_404(
    *, user: User, pk: int, may: Callable[[User, Cohort], bool] | None = None
) -> Cohort:
    """Return one cohort the user may see, with what its pages show; others get 404.

    With ``may`` (a predicate of ``lapas_training.rules``), a cohort the user sees but may not
    act on answers 404 as well, exactly as if it did not exist.
    """
    cohort = get_for_user_or_404(
        lambda user: cohorts_visible_to(user=user).select_related(
            "program", "facility", "agency", "event"
        ),
        user,
        pk=pk,
    )
    if may is not None and not may(user, cohort):
        raise Http404
    return cohort


def cohort_list(*, user: User, search: str = "", status: str = "") -> QuerySet[Cohort]:
    """Return the user's cohorts with their participant counts, newest first.

    The counts are subqueries, worked out only for the rows of the page shown: with tens of
    thousands of cohorts nationally, counting through joins would count them all first.
    """

    def count(model, **filters):
        rows = model.objects.filter(cohort_id=OuterRef("pk"), **filters).order_by()
        return Coalesce(Subquery(rows.values("cohort_id").annotate(n=Count("pk")).values("n")), 0)

    qs = (
        cohorts_visible_to(user=user)
        .select_related("program", "facility", "agency")
        .annotate(
            participant_count=count(
                Enrollment, status__in=[Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED]
            ),
            session_count=count(Session),
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


def home_cohorts(*, user: User, limit: int) -> list[Cohort]:
    """Return the user's newest cohorts that were not cancelled, with their progress."""
    cohorts = list(cohort_list(user=user).exclude(status=Cohort.Status.CANCELLED)[:limit])
    cohort_progress(cohorts)
    return cohorts


def cohort_progress(cohorts, *, today: date | None = None) -> None:
    """Attach ``sessions_held``, ``average_attendance``, ``today`` and ``waiting`` to each cohort.

    ``today`` lists today's sessions still to record; ``waiting`` the sessions whose day has
    passed that are neither recorded nor marked not held, oldest first. Four queries, whatever
    the number of cohorts.
    """
    cohorts = list(cohorts)
    ids = [c.pk for c in cohorts]
    today = today or timezone.localdate()
    due_today: dict[int, list[Session]] = {}
    for session in (
        Session.objects.filter(
            cohort_id__in=ids, date=today, attendance_taken_at__isnull=True, not_held_reason=""
        )
        .exclude(cohort__status__in=[Cohort.Status.CLOSED, Cohort.Status.CANCELLED])
        .order_by("start_time")
    ):
        due_today.setdefault(session.cohort_id, []).append(session)
    waiting: dict[int, list[Session]] = {}
    for session in (
        Session.objects.filter(cohort_id__in=ids).waiting(today).order_by("date", "start_time")
    ):
        waiting.setdefault(session.cohort_id, []).append(session)
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
        cohort.today = due_today.get(cohort.pk, [])
        cohort.waiting = waiting.get(cohort.pk, [])
        cohort.sessions_held = held.get(cohort.pk, 0)
        row = marks.get(cohort.pk)
        cohort.average_attendance = (
            100 * row["present"] / row["total"] if row and row["total"] else None
        )


def cohort_participants(*, cohort: Cohort, include_withdrawn: bool = True) -> QuerySet[Enrollment]:
    """Return the cohort's enrollments with the inmate's name and number, by name."""
    qs = cohort.enrollments.all()
    if not include_withdrawn:
        qs = qs.filter(NOT_WITHDRAWN)
    return (
        qs.select_related("inmate")
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
    return cohort.enrollments.active().count()

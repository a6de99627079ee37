"""Reads for teaching a cohort: the roster, attendance marks, results and the summary."""

from django.db.models import Count, Q

from programs.models import Attendance, Cohort, Enrollment, Session, UnitResult


def cohort_roster(*, cohort: Cohort) -> list[Enrollment]:
    """Return the participants who hold a place, with their attendance figures, by name.

    Only names and registration numbers of the inmates are loaded: this is what instructors
    see.
    """
    return list(
        cohort.enrollments.active()
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


def session_marks(*, session: Session) -> dict[int, Attendance]:
    """Return the attendance recorded at one session, by enrollment id."""
    return {a.enrollment_id: a for a in session.attendances.all()}


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


def unit_results(*, cohort: Cohort) -> dict[tuple[int, int], str]:
    """Return the cohort's competency-unit results by (enrollment id, unit id)."""
    return {
        (u.enrollment_id, u.unit_id): u.result
        for u in UnitResult.objects.filter(enrollment__cohort=cohort).only(
            "enrollment_id", "unit_id", "result"
        )
    }


def cohort_summary(*, cohort: Cohort) -> dict[str, int]:
    """Return how many participants of the cohort are K, BK and withdrawn."""
    withdrawn = Q(status=Enrollment.Status.WITHDRAWN)
    counts = cohort.enrollments.aggregate(
        competent=Count("id", filter=Q(result=Enrollment.Result.COMPETENT) & ~withdrawn),
        not_yet=Count("id", filter=Q(result=Enrollment.Result.NOT_YET_COMPETENT) & ~withdrawn),
        withdrawn=Count("id", filter=withdrawn),
    )
    return {key: value or 0 for key, value in counts.items()}

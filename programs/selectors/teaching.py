"""Reads for teaching a cohort: sessions and hours, the roster, marks, results, the summary."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, Sum

from programs.models import (
    Attendance,
    Cohort,
    Enrollment,
    Session,
    UnitResult,
)


@dataclass(frozen=True)
class CohortHours:
    """The JP a cohort's program promises, and what its sessions delivered or still may.

    A certificate never states more hours than ``delivered``: the JP of the held sessions.
    """

    program: int
    delivered: int
    still_planned: int

    @property
    def shortfall(self) -> int:
        """The JP the held sessions fall short of the program's, or 0."""
        return max(self.program - self.delivered, 0)


def cohort_hours(*, cohort: Cohort) -> CohortHours:
    """Return the program's JP, the JP of held sessions, and of sessions still to be held."""
    sums = cohort.sessions.aggregate(
        delivered=Sum("hours", filter=Q(attendance_taken_at__isnull=False)),
        still_planned=Sum("hours", filter=Q(attendance_taken_at__isnull=True, not_held_reason="")),
    )
    return CohortHours(
        program=cohort.program.hours,
        delivered=sums["delivered"] or 0,
        still_planned=sums["still_planned"] or 0,
    )


def cohort_sessions(*, cohort: Cohort, today: date) -> list[Session]:
    """Return the cohort's sessions by date, each with its ``current_state`` on ``today``."""
    sessions = list(cohort.sessions.all())
    for session in sessions:
        session.current_state = session.state(today, cohort_status=cohort.status)
    return sessions


def remaining_sessions(*, cohort: Cohort, today: date) -> list[Session]:
    """Return the sessions from ``today`` on that are neither recorded nor marked not held."""
    return list(cohort.sessions.open_from(today).order_by("date", "start_time"))


def waiting_sessions(*, cohort: Cohort, today: date) -> list[Session]:
    """Return the sessions whose day has passed, neither recorded nor marked not held."""
    return list(cohort.sessions.waiting(today).order_by("date", "start_time"))


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


def cohort_has_teaching_records(*, cohort: Cohort) -> bool:
    """Return whether attendance or competency-unit results were recorded in the cohort."""
    return (
        cohort.sessions.held().exists()
        or UnitResult.objects.filter(enrollment__cohort=cohort).exists()
    )

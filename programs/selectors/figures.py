"""What happened in a set of cohorts over a period: the counting rules every report shares.

The dashboards, the monthly report and its spreadsheet all count through these functions, so
they never disagree. The rules (also in the README):

- A cohort *ran* in a period when it started (running or closed, not planned or cancelled) and
  its dates overlap the period. Its participants at the start are all its enrollments,
  withdrawn ones included; *withdrawn* are those who left during the period (by reason);
  *active* are those still enrolled in a cohort still running.
- A participant *finished* in a period when his cohort closed with its end date in the period
  and he completed it; *K* and *BK* are the finished participants' verdicts. A reopened cohort
  is running again, so its participants count as finished only once it closes again.
- Hours (JP) delivered and attendance count the held sessions dated in the period of the
  cohorts that ran: attendance is the share of "hadir" among the attendance marks of those
  sessions.
- A cohort, and everything in it, belongs to the facility where it was held and the agency
  that taught it, whatever happened to the participants afterwards (transfers included).

``by`` groups the figures by ``program``, ``facility``, ``agency`` or ``event`` (``None``:
one group for everything); each function answers ``{key: figures}`` in one query.
"""

from django.db.models import Count, Q, QuerySet, Sum

from lapas_training.periods import Period
from programs.models import (
    Cohort,
    Competence,
    Enrollment,
    EnrollmentStatus,
    Session,
)

GROUPS = ("program", "facility", "agency", "event")
LEFT = "left_"  # prefix of the withdrawn-by-reason counts
STARTED = (Cohort.Status.RUNNING, Cohort.Status.CLOSED)


def group_lookup(by: str | None, cohort_path: str) -> str | None:
    """Return the lookup of the grouping key from a model whose cohort is at ``cohort_path``.

    ``by="cohort"`` groups by the cohort itself (the lists behind a figure).
    """
    if by is None:
        return None
    if by == "cohort":
        return f"{cohort_path}_id" if cohort_path else "pk"
    if by not in GROUPS:
        raise ValueError(f"Unknown grouping {by!r}")
    return f"{cohort_path}__{by}_id" if cohort_path else f"{by}_id"


def grouped(qs: QuerySet, key: str | None, **aggregates) -> dict:
    """Return ``{key value: {aggregate: value}}`` of ``qs`` (``{None: ...}`` without a key)."""
    if key is None:
        return {None: qs.aggregate(**aggregates)}
    rows = qs.order_by().values(key).annotate(**aggregates)
    return {row.pop(key): row for row in rows}


def cohorts_ran(cohorts: QuerySet[Cohort], period: Period) -> QuerySet[Cohort]:
    """Keep the cohorts that started and whose dates overlap the period."""
    return cohorts.filter(
        status__in=STARTED, start_date__lte=period.end, end_date__gte=period.start
    )


def finished_in(period: Period, cohort_path: str = "cohort") -> Q:
    """Match rows of a cohort that closed with its end date in the period."""
    return Q(
        **{
            f"{cohort_path}__status": Cohort.Status.CLOSED,
            f"{cohort_path}__end_date__gte": period.start,
            f"{cohort_path}__end_date__lte": period.end,
        }
    )


def cohort_counts(cohorts: QuerySet[Cohort], period: Period, by: str | None = None) -> dict:
    """Count the cohorts that ran, per group."""
    return grouped(cohorts_ran(cohorts, period), group_lookup(by, ""), cohorts=Count("pk"))


def enrollment_filters(period: Period) -> dict[str, Q]:
    """Return, for each participant figure, which enrollments of the cohorts that ran it counts."""
    finished = Q(status=EnrollmentStatus.COMPLETED) & finished_in(period)
    start, after = period.datetimes()
    withdrawn = Q(
        status=EnrollmentStatus.WITHDRAWN, withdrawn_at__gte=start, withdrawn_at__lt=after
    )
    return {
        "participants": Q(),
        "withdrawn": withdrawn,
        "active": Q(status=EnrollmentStatus.ENROLLED, cohort__status=Cohort.Status.RUNNING),
        "finished": finished,
        "competent": finished & Q(result=Competence.COMPETENT),
        "not_yet_competent": finished & Q(result=Competence.NOT_YET_COMPETENT),
        # The withdrawn by reason ("left_released", ...), counted in the same pass.
        **{
            f"{LEFT}{reason}": withdrawn & Q(withdrawal_reason=reason)
            for reason in Enrollment.WithdrawalReason.values
        },
    }


def enrollment_counts(cohorts: QuerySet[Cohort], period: Period, by: str | None = None) -> dict:
    """Count participants, withdrawn, active, finished, K and BK per group."""
    return grouped(
        Enrollment.objects.filter(cohort__in=cohorts_ran(cohorts, period).values("pk")),
        group_lookup(by, "cohort"),
        **{
            name: Count("pk", filter=condition) if condition else Count("pk")
            for name, condition in enrollment_filters(period).items()
        },
    )


def enrollments_counted(
    cohorts: QuerySet[Cohort], period: Period, figure: str
) -> QuerySet[Enrollment]:
    """Return the enrollments a participant figure counts (see ``enrollment_filters``)."""
    return Enrollment.objects.filter(
        enrollment_filters(period)[figure],
        cohort__in=cohorts_ran(cohorts, period).values("pk"),
    )


def session_counts(cohorts: QuerySet[Cohort], period: Period, by: str | None = None) -> dict:
    """Return the held sessions dated in the period, their hours (JP) and attendance marks.

    Attendance is the share of "hadir" among the marks of those sessions, read from the counts
    each session keeps (``Session.marks`` and ``Session.present``).
    """
    return grouped(
        Session.objects.held().filter(
            cohort__in=cohorts_ran(cohorts, period).values("pk"),
            date__gte=period.start,
            date__lte=period.end,
        ),
        group_lookup(by, "cohort"),
        sessions_held=Count("pk"),
        hours_delivered=Sum("hours"),
        marks=Sum("marks"),
        present=Sum("present"),
    )


def in_training_now(cohorts: QuerySet[Cohort]) -> dict[str, int]:
    """Return how many cohorts run today and how many inmates are enrolled in them."""
    running = cohorts.filter(status=Cohort.Status.RUNNING)
    return {
        "cohorts_running": running.count(),
        "inmates_in_training": Enrollment.objects.filter(
            cohort__in=running.values("pk"), status=EnrollmentStatus.ENROLLED
        )
        .values("inmate_id")
        .distinct()
        .count(),
    }

"""Scoped reads of training events: who sees which, their cohorts and participants."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from lapas_training.models import Role, User
from lapas_training.scoping import get_for_user_or_404
from programs.models import NOT_WITHDRAWN, Cohort, Enrollment, TrainingEvent
from programs.selectors.cohorts import cohort_list, cohort_progress, cohorts_visible_to


def events_visible_to(*, user: User) -> QuerySet[TrainingEvent]:
    """Return the events this user may see.

    Lapas staff see their facility's events, agency admins the events their agency takes part
    in, instructors the events of the cohorts they teach, system administrators all of them.
    """
    if not user.is_authenticated:
        return TrainingEvent.objects.none()
    if user.role == Role.ADMIN:
        return TrainingEvent.objects.all()
    if user.role in {Role.LAPAS_OPERATOR, Role.LAPAS_HEAD}:
        return TrainingEvent.objects.filter(facility_id=user.facility_id)
    if user.role == Role.AGENCY_ADMIN:
        return TrainingEvent.objects.filter(agencies=user.agency_id)
    if user.role == Role.INSTRUCTOR:
        taught = cohorts_visible_to(user=user).exclude(event=None).values("event_id")
        return TrainingEvent.objects.filter(pk__in=taught)
    return TrainingEvent.objects.none()


def event_for_user_or_404(
    *, user: User, pk: int, may: Callable[[User, TrainingEvent], bool] | None = None
) -> TrainingEvent:
    """Return one event the user may see (and, with ``may``, act on); others get 404."""
    event = get_for_user_or_404(
        lambda user: events_visible_to(user=user).select_related("facility"), user, pk=pk
    )
    if may is not None and not may(user, event):
        raise Http404
    return event


def _counted_cohorts(user: User) -> QuerySet[Cohort]:
    """The cohorts an event's figures count for this user: those he sees, not cancelled."""
    return cohorts_visible_to(user=user).exclude(status=Cohort.Status.CANCELLED)


def event_list(*, user: User) -> QuerySet[TrainingEvent]:
    """Return the user's events, newest first, with how many cohorts and participants he sees."""
    visible = _counted_cohorts(user).values("pk")
    return (
        events_visible_to(user=user)
        .select_related("facility")
        .prefetch_related("agencies")
        .annotate(
            cohort_count=Count("cohorts", filter=Q(cohorts__in=visible), distinct=True),
            participant_count=Count(
                "cohorts__enrollments",
                filter=Q(cohorts__in=visible)
                & ~Q(cohorts__enrollments__status=Enrollment.Status.WITHDRAWN),
                distinct=True,
            ),
        )
        .order_by("-start_date", "name", "id")
    )


def event_choices(*, user: User, facility_id: int | None = None) -> QuerySet[TrainingEvent]:
    """Return the events a cohort of this user may join: those he sees, of its facility."""
    qs = events_visible_to(user=user)
    if facility_id is not None:
        qs = qs.filter(facility_id=facility_id)
    return qs.order_by("-start_date", "name")


def event_cohorts(*, user: User, event: TrainingEvent) -> list[Cohort]:
    """Return the event's cohorts the user sees, by program, with counts and progress."""
    cohorts = list(
        cohort_list(user=user).filter(event=event).order_by("program__name", "name", "id")
    )
    cohort_progress(cohorts)
    return cohorts


@dataclass(frozen=True)
class EventFigures:
    cohorts: int
    participants: int
    completed: int
    competent: int


def event_figures(cohorts: list[Cohort]) -> EventFigures:
    """Return the totals of an event over the cohorts given (from ``event_cohorts``).

    A cancelled cohort is listed on the event page but counts for nothing.
    """
    counted = [c for c in cohorts if c.status != Cohort.Status.CANCELLED]
    counts = Enrollment.objects.filter(cohort__in=counted).aggregate(
        participants=Count("id", filter=NOT_WITHDRAWN),
        completed=Count("id", filter=Q(status=Enrollment.Status.COMPLETED)),
        competent=Count("id", filter=NOT_WITHDRAWN & Q(result=Enrollment.Result.COMPETENT)),
    )
    return EventFigures(cohorts=len(counted), **counts)


def event_participants(*, user: User, event: TrainingEvent) -> QuerySet[Enrollment]:
    """Return the participants of the event's cohorts the user sees: by program, then name."""
    return (
        Enrollment.objects.filter(NOT_WITHDRAWN, cohort__event=event)
        .filter(cohort__in=_counted_cohorts(user))
        .select_related("inmate", "cohort__program")
        .only(
            "id",
            "status",
            "result",
            "cohort__id",
            "cohort__name",
            "cohort__program__name",
            "inmate__id",
            "inmate__full_name",
            "inmate__registration_number",
        )
        .order_by("cohort__program__name", "inmate__full_name", "id")
    )

"""Scoped reads of the audit log: who reads which events, their filters and their export."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet

from inmates.models import Inmate
from inmates.selectors import inmates_visible_to
from lapas_training import rules
from lapas_training.models import AuditEvent, User
from lapas_training.periods import Period
from privacy import labels

# Times in the log are shown as the facilities keep them: western Indonesian time (WIB).
JAKARTA = ZoneInfo("Asia/Jakarta")
EXPORT_HEADER = [
    "Waktu (WIB)",
    "Pengguna",
    "Nama pengguna",
    "Tindakan",
    "Kode tindakan",
    "Jenis objek",
    "ID objek",
    "Objek",
    "UPT",
    "Rincian",
]


@dataclass(frozen=True)
class AuditFilters:
    """What the reader narrowed the log to; None or "" leaves a filter out."""

    start: date | None = None
    end: date | None = None
    action: str = ""
    actor: User | None = None
    inmate_ids: list[int] | None = None
    search: str = ""


def audit_events_visible_to(*, user) -> QuerySet[AuditEvent]:
    """Return the events the user may read: all for an administrator, a head's facility's."""
    if rules.is_system_admin(user):
        return AuditEvent.objects.all()
    if rules.can_read_audit_log(user):
        return AuditEvent.objects.filter(facility_id=user.facility_id)
    return AuditEvent.objects.none()


def audit_actions(*, events: QuerySet[AuditEvent]) -> list[str]:
    """Return the action codes present among ``events``, in order."""
    return list(events.order_by("action").values_list("action", flat=True).distinct())


def audit_actors(*, events: QuerySet[AuditEvent]) -> QuerySet[User]:
    """Return the users who acted in ``events``, by name."""
    actors = events.order_by().filter(actor__isnull=False).values("actor_id")
    return User.objects.filter(pk__in=actors).order_by("full_name", "username", "pk")


def audit_inmates(*, user) -> QuerySet[Inmate]:
    """Return the inmates whose events the user may look up: those of his registers."""
    return inmates_visible_to(user=user)


def inmates_matching(*, inmates: QuerySet[Inmate], text: str, limit: int) -> list[Inmate]:
    """Return up to ``limit`` of ``inmates`` whose name or registration number holds ``text``."""
    matching = inmates.filter(
        Q(full_name__icontains=text) | Q(registration_number__icontains=text)
    ).only("pk", "full_name", "registration_number", "facility_id")
    return list(matching.order_by("full_name", "pk")[:limit])


def audit_event_list(*, user, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """Return the user's events matching ``filters``, newest first, with actor and facility."""
    events = audit_events_visible_to(user=user)
    if filters.start is not None:
        events = events.filter(created_at__gte=_day_starts(filters.start))
    if filters.end is not None:
        events = events.filter(created_at__lt=_day_ends(filters.end))
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.actor is not None:
        events = events.filter(actor=filters.actor)
    if filters.inmate_ids is not None:
        events = events.filter(
            object_type=labels.INMATE_TYPE, object_id__in=[str(pk) for pk in filters.inmate_ids]
        )
    if filters.search:
        events = events.filter(object_repr__icontains=filters.search)
    return events.select_related("actor", "facility").order_by("-created_at", "-id")


def _day_starts(day: date) -> datetime:
    return Period(day, day).datetimes()[0].replace(tzinfo=JAKARTA)


def _day_ends(day: date) -> datetime:
    return Period(day, day).datetimes()[1].replace(tzinfo=JAKARTA)


def local_time(event: AuditEvent) -> datetime:
    """Return when the event happened, in western Indonesian time."""
    return event.created_at.astimezone(JAKARTA)


def audit_export_rows(events: QuerySet[AuditEvent]) -> Iterator[list]:
    """Yield one row of ``EXPORT_HEADER`` per event, read in chunks."""
    for event in events.iterator(chunk_size=2000):
        yield [
            local_time(event).strftime("%d/%m/%Y %H:%M:%S"),
            event.actor_name,
            event.actor.username if event.actor else "",
            labels.action_label(event.action),
            event.action,
            labels.object_label(event.object_type) if event.object_type else "",
            event.object_id,
            event.object_repr,
            event.facility.name if event.facility else "",
            labels.detail_text(event.data),
        ]

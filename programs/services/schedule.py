"""Writes to a cohort's session schedule."""

from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lapas_training.audit import audit_log
from lapas_training.models import User
from programs.models import Cohort, Session


def _ensure_schedule_open(cohort: Cohort) -> None:
    if cohort.is_finished:
        raise ValidationError(
            _("Jadwal angkatan yang sudah ditutup atau dibatalkan tidak dapat diubah.")
        )


@transaction.atomic
def session_create(
    *, actor: User, cohort: Cohort, date: date, start_time: time, end_time: time, topic: str = ""
) -> Session:
    """Add one session to a cohort's schedule."""
    _ensure_schedule_open(cohort)
    if cohort.sessions.filter(date=date, start_time=start_time).exists():
        raise ValidationError({"date": _("Sudah ada sesi pada tanggal dan jam mulai ini.")})
    session = Session(
        cohort=cohort, date=date, start_time=start_time, end_time=end_time, topic=topic.strip()
    )
    session.full_clean()
    if not cohort.start_date <= date <= cohort.end_date:
        raise ValidationError(
            {"date": _("Tanggal sesi harus di antara tanggal mulai dan selesai angkatan.")}
        )
    session.save()
    audit_log(
        action="session.created",
        actor=actor,
        obj=session,
        data={"cohort": cohort.pk, "date": date, "start_time": start_time, "end_time": end_time},
    )
    return session


@transaction.atomic
def sessions_generate(
    *,
    actor: User,
    cohort: Cohort,
    weekdays: list[int],
    start_time: time,
    end_time: time,
    topic_prefix: str = "",
    first_date: date | None = None,
    last_date: date | None = None,
) -> list[Session]:
    """Schedule a session on each chosen weekday (0 = Monday) between two dates.

    Days that already have a session at that start time are left alone, so generating twice
    adds nothing.
    """
    _ensure_schedule_open(cohort)
    if not weekdays:
        raise ValidationError({"weekdays": _("Pilih minimal satu hari.")})
    if end_time <= start_time:
        raise ValidationError({"end_time": _("Jam selesai harus setelah jam mulai.")})
    first = max(first_date or cohort.start_date, cohort.start_date)
    last = min(last_date or cohort.end_date, cohort.end_date)
    if last < first:
        raise ValidationError({"last_date": _("Rentang tanggal tidak berada di dalam angkatan.")})
    taken = set(cohort.sessions.filter(start_time=start_time).values_list("date", flat=True))
    number = cohort.sessions.count()
    new = []
    day = first
    while day <= last:
        if day.weekday() in weekdays and day not in taken:
            number += 1
            topic = f"{topic_prefix.strip()} {number}".strip() if topic_prefix.strip() else ""
            new.append(
                Session(
                    cohort=cohort, date=day, start_time=start_time, end_time=end_time, topic=topic
                )
            )
        day += timedelta(days=1)
    Session.objects.bulk_create(new)
    if new:
        audit_log(
            action="session.generated",
            actor=actor,
            obj=cohort,
            data={
                "count": len(new),
                "weekdays": sorted(weekdays),
                "first": first,
                "last": last,
                "start_time": start_time,
                "end_time": end_time,
            },
        )
    return new


@transaction.atomic
def session_delete(*, actor: User, session: Session) -> None:
    """Remove a session that has no attendance recorded yet."""
    _ensure_schedule_open(session.cohort)
    if session.attendances.exists():
        raise ValidationError(_("Sesi yang sudah memiliki daftar hadir tidak dapat dihapus."))
    audit_log(
        action="session.deleted",
        actor=actor,
        obj=session,
        data={"cohort": session.cohort_id, "date": session.date, "start_time": session.start_time},
    )
    session.delete()

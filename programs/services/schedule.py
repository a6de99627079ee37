"""Writes to a cohort's session schedule: add, generate, delete, and mark not held."""

from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lapas_training.audit import audit_log
from lapas_training.models import User
from programs.models import Cohort, NotHeldReason, Session, jp_between


def _overlapping(cohort: Cohort, day: date, start: time, end: time):
    """Return the cohort's sessions on ``day`` whose times overlap ``start``-``end``."""
    return cohort.sessions.filter(date=day, start_time__lt=end, end_time__gt=start)


def _locked_open_cohort(cohort_id: int) -> Cohort:
    """Lock the cohort row, as every write of its teaching does, and refuse a finished one."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort_id)
    if cohort.is_finished:
        raise ValidationError(
            _("Jadwal angkatan yang sudah ditutup atau dibatalkan tidak dapat diubah.")
        )
    return cohort


@transaction.atomic
def session_create(
    *,
    actor: User,
    cohort: Cohort,
    date: date,
    start_time: time,
    end_time: time,
    topic: str = "",
    hours: int | None = None,
) -> Session:
    """Add one session to a cohort's schedule; its JP default to what its times hold."""
    cohort = _locked_open_cohort(cohort.pk)
    if _overlapping(cohort, date, start_time, end_time).exists():
        raise ValidationError(
            {"start_time": _("Jam sesi ini bertumpang tindih dengan sesi lain pada tanggal itu.")}
        )
    session = Session(
        cohort=cohort,
        date=date,
        start_time=start_time,
        end_time=end_time,
        topic=topic.strip(),
        hours=hours or (jp_between(start_time, end_time) if end_time > start_time else 0) or 1,
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
        data={
            "cohort": cohort.pk,
            "date": date,
            "start_time": start_time,
            "end_time": end_time,
            "hours": session.hours,
        },
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
    hours: int | None = None,
) -> list[Session]:
    """Schedule a session on each chosen weekday (0 = Monday) between two dates.

    Days that already have a session at that start time are left alone, so generating twice
    adds nothing. Each session gives ``hours`` JP, by default what its times hold.
    """
    cohort = _locked_open_cohort(cohort.pk)
    if not weekdays:
        raise ValidationError({"weekdays": _("Pilih minimal satu hari.")})
    if end_time <= start_time:
        raise ValidationError({"end_time": _("Jam selesai harus setelah jam mulai.")})
    first = max(first_date or cohort.start_date, cohort.start_date)
    last = min(last_date or cohort.end_date, cohort.end_date)
    if last < first:
        raise ValidationError({"last_date": _("Rentang tanggal tidak berada di dalam angkatan.")})
    hours = hours or jp_between(start_time, end_time) or 1
    # One session checked stands for all: same times, same hours.
    Session(
        cohort=cohort, date=first, start_time=start_time, end_time=end_time, hours=hours
    ).full_clean(exclude=["cohort"], validate_unique=False, validate_constraints=False)
    # Days that already have a session at these times are left alone.
    taken = set(
        cohort.sessions.filter(start_time__lt=end_time, end_time__gt=start_time).values_list(
            "date", flat=True
        )
    )
    number = cohort.sessions.count()
    new = []
    day = first
    while day <= last:
        if day.weekday() in weekdays and day not in taken:
            number += 1
            topic = f"{topic_prefix.strip()} {number}".strip() if topic_prefix.strip() else ""
            new.append(
                Session(
                    cohort=cohort,
                    date=day,
                    start_time=start_time,
                    end_time=end_time,
                    topic=topic,
                    hours=hours,
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
                "hours": hours,
            },
        )
    return new


@transaction.atomic
def session_delete(*, actor: User, session: Session) -> None:
    """Remove a session still ahead; a past one is recorded or marked not held, never erased."""
    _locked_open_cohort(session.cohort_id)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.attendances.exists() or session.is_recorded:
        raise ValidationError(_("Sesi yang sudah memiliki daftar hadir tidak dapat dihapus."))
    if session.is_not_held or session.date < timezone.localdate():
        raise ValidationError(
            _(
                "Sesi yang sudah lewat atau ditandai tidak dilaksanakan tidak dapat dihapus: "
                "catat presensinya atau tandai tidak dilaksanakan dengan alasan."
            )
        )
    audit_log(
        action="session.deleted",
        actor=actor,
        obj=session,
        data={"cohort": session.cohort_id, "date": session.date, "start_time": session.start_time},
    )
    session.delete()


@transaction.atomic
def session_mark_not_held(*, actor: User, session: Session, reason: str, note: str = "") -> Session:
    """Record that a session did not take place, and why; it then counts for no hours.

    Only a known holiday may be marked ahead of its day (sessions still ahead at closing are
    cancelled by closing, on request). "Other" needs a written note.
    """
    cohort = Cohort.objects.select_for_update().get(pk=session.cohort_id)
    if not cohort.is_running:
        raise ValidationError(_("Hanya sesi angkatan yang sedang berjalan yang dapat ditandai."))
    session = Session.objects.select_for_update().get(pk=session.pk)
    note = note.strip()[:255]
    if reason not in NotHeldReason.values:
        raise ValidationError({"reason": _("Pilih alasan sesi tidak dilaksanakan.")})
    if reason == NotHeldReason.OTHER and not note:
        raise ValidationError({"note": _("Tuliskan keterangan untuk alasan lainnya.")})
    if session.is_recorded:
        raise ValidationError(_("Presensi sesi ini sudah tercatat, jadi sesi ini terlaksana."))
    if session.date > timezone.localdate() and reason != NotHeldReason.HOLIDAY:
        raise ValidationError(
            {
                "reason": _(
                    "Sesi yang belum tiba hanya dapat ditandai karena hari libur. Sesi lain "
                    "ditandai pada harinya atau sesudahnya."
                )
            }
        )
    _mark_not_held(actor=actor, session=session, reason=reason, note=note)
    return session


def _mark_not_held(*, actor: User, session: Session, reason: str, note: str) -> None:
    before = session.not_held_reason
    session.not_held_reason, session.not_held_note = reason, note
    session.not_held_at, session.not_held_by = timezone.now(), actor
    session.save(update_fields=["not_held_reason", "not_held_note", "not_held_at", "not_held_by"])
    audit_log(
        action="session.not_held",
        actor=actor,
        obj=session,
        data={"cohort": session.cohort_id, "reason": reason, "note": note, "before": before},
    )


@transaction.atomic
def session_clear_not_held(*, actor: User, session: Session) -> Session:
    """Take back a "not held" mark, so that the session's attendance can be recorded."""
    cohort = Cohort.objects.select_for_update().get(pk=session.cohort_id)
    if not cohort.is_running:
        raise ValidationError(_("Hanya sesi angkatan yang sedang berjalan yang dapat diubah."))
    session = Session.objects.select_for_update().get(pk=session.pk)
    if not session.is_not_held:
        raise ValidationError(_("Sesi ini tidak ditandai tidak dilaksanakan."))
    before = {"reason": session.not_held_reason, "note": session.not_held_note}
    session.not_held_reason = session.not_held_note = ""
    session.not_held_at = session.not_held_by = None
    session.save(update_fields=["not_held_reason", "not_held_note", "not_held_at", "not_held_by"])
    audit_log(
        action="session.not_held_cleared",
        actor=actor,
        obj=session,
        data={"cohort": session.cohort_id, "before": before},
    )
    return session


def sessions_cancel_remaining(*, actor: User, cohort: Cohort, today: date) -> int:
    """Mark the cohort's sessions from ``today`` on as not held: it closes before them.

    Runs inside the caller's transaction, with the cohort row locked.
    """
    remaining = list(cohort.sessions.open_from(today))
    for session in remaining:
        _mark_not_held(actor=actor, session=session, reason=NotHeldReason.CLOSED_EARLY, note="")
    return len(remaining)


def sessions_resume_after_reopening(*, actor: User, cohort: Cohort, today: date) -> int:
    """Take back the "closed early" marks of sessions from ``today`` on: the cohort goes on.

    Runs inside the caller's transaction, with the cohort row locked.
    """
    resumed = list(
        cohort.sessions.filter(date__gte=today, not_held_reason=NotHeldReason.CLOSED_EARLY)
    )
    for session in resumed:
        session.not_held_reason = session.not_held_note = ""
        session.not_held_at = session.not_held_by = None
        session.save(
            update_fields=["not_held_reason", "not_held_note", "not_held_at", "not_held_by"]
        )
        audit_log(
            action="session.not_held_cleared",
            actor=actor,
            obj=session,
            data={"cohort": cohort.pk, "before": {"reason": NotHeldReason.CLOSED_EARLY}},
        )
    return len(resumed)

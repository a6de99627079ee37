"""Writes of teaching a cohort: attendance, assessment, closing and reopening."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from lapas_training import rules
from lapas_training.audit import audit_log
from lapas_training.models import User
from programs.models import Attendance, Cohort, Competence, Enrollment, Session, UnitResult
from programs.selectors import cohort_summary
from programs.services.schedule import (
    sessions_cancel_remaining,
    sessions_resume_after_reopening,
)
from programs.signals import cohort_reopening


def _ensure_running(cohort: Cohort) -> None:
    """Refuse attendance and results unless the cohort is running."""
    if cohort.is_planned:
        raise ValidationError(_("Angkatan belum dimulai."))
    if cohort.is_closed:
        raise ValidationError(
            _("Angkatan sudah ditutup; kehadiran dan hasil tidak dapat diubah lagi.")
        )
    if cohort.status == Cohort.Status.CANCELLED:
        raise ValidationError(_("Angkatan sudah dibatalkan."))


def session_counts_refresh(*, sessions) -> int:
    """Recount the attendance marks and "hadir" of the sessions from their marks (one UPDATE).

    ``attendance_record`` calls it after every save; the synthetic data commands after
    writing marks in bulk. Returns how many sessions were updated.
    """

    def count(**status):
        marks = Attendance.objects.filter(session_id=OuterRef("pk"), **status).order_by()
        return Coalesce(Subquery(marks.values("session_id").annotate(n=Count("pk")).values("n")), 0)

    return sessions.update(marks=count(), present=count(status=Attendance.Status.PRESENT))


@transaction.atomic
def attendance_record(
    *, actor: User, session: Session, entries: dict[int, tuple[str, str]]
) -> dict[str, int]:
    """Save the attendance of every participant of one session in one go.

    ``entries`` maps enrollment id to (status, note). Every participant still enrolled must be
    given, and nobody else; the queries do not grow with the number of participants.
    """
    cohort = Cohort.objects.select_for_update().get(pk=session.cohort_id)
    _ensure_running(cohort)
    if session.date > timezone.localdate():
        raise ValidationError(_("Presensi hanya dapat diisi pada hari sesi atau sesudahnya."))
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_not_held:
        raise ValidationError(
            _(
                "Sesi ini ditandai tidak dilaksanakan. Batalkan tandanya dulu untuk mengisi "
                "presensi."
            )
        )
    participants = {e.pk: e for e in cohort.enrollments.filter(status=Enrollment.Status.ENROLLED)}
    errors = []
    strangers = set(entries) - set(participants)
    if strangers:
        errors.append(_("Ada peserta yang bukan anggota angkatan ini."))
    missing = set(participants) - set(entries)
    if missing:
        errors.append(_("Kehadiran %(count)s peserta belum diisi.") % {"count": len(missing)})
    bad = [pk for pk, (status, _note) in entries.items() if status not in Attendance.Status.values]
    if bad:
        errors.append(_("Pilih hadir, izin, sakit atau alpa untuk setiap peserta."))
    if errors:
        raise ValidationError(errors)

    existing = {a.enrollment_id: a for a in session.attendances.all()}
    to_create, to_update, changes = [], [], []
    for pk, (status, note) in entries.items():
        note = (note or "").strip()[:255]
        current = existing.get(pk)
        if current is None:
            to_create.append(
                Attendance(
                    session=session, enrollment_id=pk, status=status, note=note, recorded_by=actor
                )
            )
            changes.append({"enrollment": pk, "to": status})
        elif (current.status, current.note) != (status, note):
            changes.append({"enrollment": pk, "from": current.status, "to": status})
            current.status, current.note, current.recorded_by = status, note, actor
            current.recorded_at = timezone.now()
            to_update.append(current)
    Attendance.objects.bulk_create(to_create)
    Attendance.objects.bulk_update(to_update, ["status", "note", "recorded_by", "recorded_at"])
    first_time = session.attendance_taken_at is None
    if first_time:
        session.attendance_taken_at = timezone.now()
        session.save(update_fields=["attendance_taken_at"])
    session_counts_refresh(sessions=Session.objects.filter(pk=session.pk))
    if changes:
        audit_log(
            action="attendance.recorded" if first_time else "attendance.changed",
            actor=actor,
            obj=session,
            data={"cohort": cohort.pk, "changes": changes},
        )
    counts = dict.fromkeys(Attendance.Status.values, 0)
    for status, _note in entries.values():
        counts[status] += 1
    return counts


@dataclass
class Assessment:
    """One participant's result as entered: K/BK, score, notes and per-unit results."""

    result: str
    score: Decimal | None = None
    notes: str = ""
    units: dict[int, str] = field(default_factory=dict)


def _assessment_problems(entry: Assessment, unit_ids: list[int]) -> list[str]:
    """Return what is wrong with one participant's entered result."""
    problems = []
    if entry.result not in Enrollment.Result.values:
        problems.append(_("Hasil harus K atau BK."))
    if entry.score is not None and not (0 <= entry.score <= 100):
        problems.append(_("Nilai harus antara 0 dan 100."))
    given = {uid: r for uid, r in entry.units.items() if r}
    if set(given) - set(unit_ids) or any(r not in Competence.values for r in given.values()):
        problems.append(_("Hasil unit kompetensi tidak dikenali."))
    elif unit_ids and entry.result:
        if set(given) != set(unit_ids):
            problems.append(_("Isi K atau BK untuk setiap unit kompetensi."))
        elif entry.result == Competence.COMPETENT and any(
            r != Competence.COMPETENT for r in given.values()
        ):
            problems.append(_("Hasil K hanya bila semua unit kompetensi K."))
    return problems


@transaction.atomic
def assessments_record(*, actor: User, cohort: Cohort, assessments: dict[int, Assessment]) -> int:
    """Record the results of several participants at once; all are saved or none.

    Where the program lists competency units, every unit needs K or BK and the overall result
    is K only when every unit is K. Returns how many participants changed.
    """
    cohort = Cohort.objects.select_for_update().select_related("program").get(pk=cohort.pk)
    _ensure_running(cohort)
    participants = {e.pk: e for e in cohort.enrollments.filter(status=Enrollment.Status.ENROLLED)}
    unit_ids = list(cohort.program.units.values_list("pk", flat=True))
    errors: dict[str, list[str]] = {}
    if set(assessments) - set(participants):
        errors[NON_FIELD_ERRORS] = [_("Ada peserta yang bukan anggota angkatan ini.")]
    for pk, entry in assessments.items():
        problems = _assessment_problems(entry, unit_ids)
        if problems:
            errors[str(pk)] = problems
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    changed, audit_changes = [], []
    existing_units = {
        (u.enrollment_id, u.unit_id): u
        for u in UnitResult.objects.filter(enrollment_id__in=list(assessments))
    }
    new_units, updated_units = [], []
    for pk, entry in assessments.items():
        enrollment = participants[pk]
        notes = entry.notes.strip()
        before = (enrollment.result, enrollment.score, enrollment.assessor_notes)
        if before != (entry.result, entry.score, notes):
            audit_changes.append(
                {
                    "enrollment": pk,
                    "result": {"from": enrollment.result, "to": entry.result},
                    "score": {"from": enrollment.score, "to": entry.score},
                }
            )
            enrollment.result, enrollment.score, enrollment.assessor_notes = (
                entry.result,
                entry.score,
                notes,
            )
            enrollment.result_recorded_by = actor
            enrollment.result_recorded_at = now
            changed.append(enrollment)
        for unit_id, unit_result in entry.units.items():
            if not unit_result or unit_id not in unit_ids:
                continue
            current = existing_units.get((pk, unit_id))
            if current is None:
                new_units.append(UnitResult(enrollment_id=pk, unit_id=unit_id, result=unit_result))
            elif current.result != unit_result:
                current.result = unit_result
                updated_units.append(current)
    Enrollment.objects.bulk_update(
        changed, ["result", "score", "assessor_notes", "result_recorded_by", "result_recorded_at"]
    )
    UnitResult.objects.bulk_create(new_units)
    UnitResult.objects.bulk_update(updated_units, ["result"])
    if audit_changes or new_units or updated_units:
        audit_log(
            action="assessment.recorded",
            actor=actor,
            obj=cohort,
            data={
                "changes": audit_changes,
                "units_set": len(new_units) + len(updated_units),
            },
        )
    return len(changed)


@transaction.atomic
def cohort_close(*, actor: User, cohort: Cohort, cancel_remaining: bool = False) -> dict[str, int]:
    """Close a running cohort: every active participant needs a result; results freeze.

    Every session whose day has passed must be recorded or marked not held. Sessions from
    today on that are neither are refused too, unless ``cancel_remaining`` marks them not held
    ("closed early"). Participants still enrolled become completed. Returns the count of K, BK
    and withdrawn, and of the sessions cancelled.
    """
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if not cohort.is_running:
        raise ValidationError(_("Hanya angkatan yang sedang berjalan yang dapat ditutup."))
    today = timezone.localdate()
    errors = []
    waiting = list(cohort.sessions.waiting(today))
    if waiting:
        errors.append(
            _(
                "%(count)s sesi yang sudah lewat belum dicatat presensinya atau ditandai tidak "
                "dilaksanakan: %(dates)s."
            )
            % {"count": len(waiting), "dates": ", ".join(f"{s.date:%d/%m/%Y}" for s in waiting)}
        )
    remaining = cohort.sessions.open_from(today).count()
    if remaining and not cancel_remaining:
        errors.append(
            _(
                "Masih ada %(count)s sesi yang belum tiba. Pilih untuk membatalkannya "
                "(ditandai tidak dilaksanakan) atau tutup angkatan setelah sesi itu."
            )
            % {"count": remaining}
        )
    unassessed = cohort.enrollments.filter(
        status=Enrollment.Status.ENROLLED, result=Enrollment.Result.NONE
    ).count()
    if unassessed:
        errors.append(
            _("Masih ada %(count)s peserta yang belum dinilai. Isi hasil K atau BK dulu.")
            % {"count": unassessed}
        )
    if errors:
        raise ValidationError(errors)
    cancelled = sessions_cancel_remaining(actor=actor, cohort=cohort, today=today)
    cohort.enrollments.filter(status=Enrollment.Status.ENROLLED).update(
        status=Enrollment.Status.COMPLETED
    )
    cohort.status = Cohort.Status.CLOSED
    cohort.closed_at = timezone.now()
    cohort.save(update_fields=["status", "closed_at"])
    summary = {**cohort_summary(cohort=cohort), "sessions_cancelled": cancelled}
    audit_log(action="cohort.closed", actor=actor, obj=cohort, data=summary)
    return summary


@transaction.atomic
def cohort_reopen(*, actor: User, cohort: Cohort, reason: str) -> Cohort:
    """Reopen a closed cohort so that attendance and results can change: administrators only.

    The apps above may refuse through ``programs.signals.cohort_reopening`` (certificates
    refuses while a valid certificate stands on a result that would become changeable).
    """
    if not rules.can_reopen_cohort(actor):
        raise ValidationError(_("Hanya administrator sistem yang dapat membuka kembali angkatan."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan membuka kembali wajib diisi.")})
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if not cohort.is_closed:
        raise ValidationError(_("Hanya angkatan yang sudah ditutup yang dapat dibuka kembali."))
    cohort_reopening.send(sender=Cohort, cohort=cohort)
    resumed = sessions_resume_after_reopening(
        actor=actor, cohort=cohort, today=timezone.localdate()
    )
    cohort.enrollments.filter(status=Enrollment.Status.COMPLETED).update(
        status=Enrollment.Status.ENROLLED
    )
    cohort.status = Cohort.Status.RUNNING
    cohort.closed_at = None
    cohort.save(update_fields=["status", "closed_at"])
    audit_log(
        action="cohort.reopened",
        actor=actor,
        obj=cohort,
        data={"reason": reason, "sessions_resumed": resumed},
    )
    return cohort

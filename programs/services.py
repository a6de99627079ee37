"""Every write to cohorts and enrollments."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from inmates.models import Facility, Inmate
from lapas_training import rules
from lapas_training.audit import audit_log
from lapas_training.changes import apply_changes
from lapas_training.models import Role
from programs.models import (
    Attendance,
    Cohort,
    Enrollment,
    PartnerAgency,
    Program,
    Session,
    UnitResult,
)

ACTIVE_ENROLLMENT_STATUSES = (Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED)


@transaction.atomic
def cohort_create(
    *,
    actor,
    program: Program,
    facility: Facility,
    agency: PartnerAgency,
    name: str,
    start_date: date,
    end_date: date,
    capacity: int = 40,
    place: str = "Aula Lapas",
    instructors=(),
) -> Cohort:
    """Open a new cohort of a program in a facility with a partner agency."""
    cohort = Cohort(
        program=program,
        facility=facility,
        agency=agency,
        name=name.strip(),
        start_date=start_date,
        end_date=end_date,
        capacity=capacity,
        place=place.strip(),
        created_by=actor,
    )
    cohort.full_clean()
    foreign = [u for u in instructors if u.role != Role.INSTRUCTOR or u.agency_id != agency.pk]
    if foreign:
        raise ValidationError(
            {"instructors": _("Instruktur harus pengguna berperan instruktur dari instansi mitra.")}
        )
    cohort.save()
    cohort.instructors.set(instructors)
    audit_log(
        action="cohort.created",
        actor=actor,
        obj=cohort,
        data={
            "program": program.code,
            "facility": facility.code,
            "agency": agency.code,
            "start_date": start_date,
            "end_date": end_date,
            "capacity": capacity,
        },
    )
    return cohort


@dataclass
class Eligibility:
    """Why an inmate may or may not join a cohort: hard blocks and overridable warnings."""

    inmate: Inmate
    blocks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.blocks


def enrollment_eligibility_bulk(*, cohort: Cohort, inmates) -> dict[int, Eligibility]:
    """Return, by inmate id, the enrollment rules each inmate meets or breaks for this cohort.

    Runs a fixed number of queries whatever the number of inmates.
    """
    inmates = list(inmates)
    ids = [inmate.pk for inmate in inmates]
    active_count = cohort.enrollments.filter(status__in=ACTIVE_ENROLLMENT_STATUSES).count()
    full = active_count >= cohort.capacity
    overlapping: dict[int, list[Enrollment]] = {}
    for other in (
        Enrollment.objects.filter(
            inmate_id__in=ids,
            status=Enrollment.Status.ENROLLED,
            cohort__start_date__lte=cohort.end_date,
            cohort__end_date__gte=cohort.start_date,
        )
        .exclude(cohort__status=Cohort.Status.CANCELLED)
        .select_related("cohort__program")
    ):
        overlapping.setdefault(other.inmate_id, []).append(other)
    completed_same_program = set(
        Enrollment.objects.filter(
            inmate_id__in=ids,
            status=Enrollment.Status.COMPLETED,
            cohort__program_id=cohort.program_id,
        ).values_list("inmate_id", flat=True)
    )

    results = {}
    for inmate in inmates:
        result = Eligibility(inmate=inmate)
        if inmate.status != Inmate.Status.ACTIVE:
            result.blocks.append(
                _("WBP berstatus %(status)s, bukan aktif.")
                % {"status": inmate.get_status_display()}
            )
        if inmate.facility_id != cohort.facility_id:
            result.blocks.append(_("WBP tidak berada di UPT penyelenggara angkatan ini."))
        if cohort.status in (Cohort.Status.CLOSED, Cohort.Status.CANCELLED):
            result.blocks.append(
                _("Angkatan sudah %(status)s.") % {"status": cohort.get_status_display().lower()}
            )
        if full:
            result.blocks.append(
                _("Angkatan sudah penuh (%(count)s/%(capacity)s).")
                % {"count": active_count, "capacity": cohort.capacity}
            )
        for other in overlapping.get(inmate.pk, []):
            if other.cohort_id == cohort.pk:
                result.blocks.append(_("WBP sudah terdaftar di angkatan ini."))
            else:
                result.blocks.append(
                    _("Jadwal bertabrakan dengan angkatan lain yang sedang diikuti: %(cohort)s.")
                    % {"cohort": other.cohort}
                )
        if inmate.expected_release_date and inmate.expected_release_date < cohort.end_date:
            result.warnings.append(
                _("Tanggal bebas (%(date)s) sebelum angkatan selesai.")
                % {"date": inmate.expected_release_date.strftime("%d/%m/%Y")}
            )
        if inmate.pk in completed_same_program:
            result.warnings.append(_("WBP sudah pernah menyelesaikan program yang sama."))
        results[inmate.pk] = result
    return results


def enrollment_eligibility(*, cohort: Cohort, inmate: Inmate) -> Eligibility:
    """Return the enrollment rules this inmate meets or breaks for this cohort."""
    return enrollment_eligibility_bulk(cohort=cohort, inmates=[inmate])[inmate.pk]


@transaction.atomic
def enrollments_create(
    *, actor, cohort: Cohort, inmates, override_reasons: dict[int, str] | None = None
) -> list[Enrollment]:
    """Enrol several inmates at once, all or none.

    Every hard rule must hold for every inmate, and every warning needs a written reason in
    ``override_reasons`` (by inmate id); otherwise nothing is saved and the ValidationError
    names each inmate with what is wrong.
    """
    override_reasons = override_reasons or {}
    # Lock the cohort so that two operators enrolling at once cannot overfill it.
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    inmates = list(Inmate.objects.select_for_update().filter(pk__in=[i.pk for i in inmates]))
    if not inmates:
        raise ValidationError(_("Pilih minimal satu WBP."))
    eligibility = enrollment_eligibility_bulk(cohort=cohort, inmates=inmates)
    active_count = cohort.enrollments.filter(status__in=ACTIVE_ENROLLMENT_STATUSES).count()
    errors: dict[str, list[str]] = {}
    if active_count + len(inmates) > cohort.capacity:
        errors[NON_FIELD_ERRORS] = [
            _("Kapasitas tidak cukup: %(free)s tempat tersisa, %(chosen)s WBP dipilih.")
            % {"free": max(cohort.capacity - active_count, 0), "chosen": len(inmates)}
        ]
    for inmate in inmates:
        result = eligibility[inmate.pk]
        reason = override_reasons.get(inmate.pk, "").strip()
        if result.blocks:
            errors[str(inmate.pk)] = result.blocks
        elif result.warnings and not reason:
            errors[str(inmate.pk)] = [
                _("Tuliskan alasan untuk tetap mendaftarkan WBP ini: %(warnings)s")
                % {"warnings": " ".join(result.warnings)}
            ]
    if errors:
        raise ValidationError(errors)

    created = []
    for inmate in inmates:
        result = eligibility[inmate.pk]
        reason = override_reasons.get(inmate.pk, "").strip() if result.warnings else ""
        enrollment = Enrollment(
            cohort=cohort, inmate=inmate, enrolled_by=actor, override_reason=reason
        )
        enrollment.full_clean(validate_constraints=False)
        created.append(enrollment)
    Enrollment.objects.bulk_create(created)
    for enrollment in created:
        audit_log(
            action="enrollment.created",
            actor=actor,
            obj=enrollment,
            data={"cohort": cohort.pk, "inmate": enrollment.inmate_id},
        )
        result = eligibility[enrollment.inmate_id]
        if result.warnings:
            audit_log(
                action="enrollment.warning_overridden",
                actor=actor,
                obj=enrollment,
                data={"warnings": result.warnings, "reason": enrollment.override_reason},
            )
    return created


def enrollment_create(
    *, actor, cohort: Cohort, inmate: Inmate, override_reason: str = ""
) -> Enrollment:
    """Enrol one inmate; a warning needs a written reason."""
    (enrollment,) = enrollments_create(
        actor=actor, cohort=cohort, inmates=[inmate], override_reasons={inmate.pk: override_reason}
    )
    return enrollment


@transaction.atomic
def enrollment_withdraw(
    *, actor, enrollment: Enrollment, reason: str, note: str = ""
) -> Enrollment:
    """Take a participant out of a cohort that has not closed, with a reason."""
    enrollment = (
        Enrollment.objects.select_for_update().select_related("cohort").get(pk=enrollment.pk)
    )
    if enrollment.status != Enrollment.Status.ENROLLED:
        raise ValidationError(_("Hanya peserta yang masih terdaftar yang dapat dikeluarkan."))
    if enrollment.cohort.status in (Cohort.Status.CLOSED, Cohort.Status.CANCELLED):
        raise ValidationError(_("Angkatan sudah ditutup; peserta tidak dapat diubah."))
    if reason not in Enrollment.WithdrawalReason.values:
        raise ValidationError({"reason": _("Pilih alasan keluar.")})
    enrollment.status = Enrollment.Status.WITHDRAWN
    enrollment.withdrawal_reason = reason
    enrollment.withdrawal_note = note.strip()[:255]
    enrollment.withdrawn_at = timezone.now()
    enrollment.save(
        update_fields=["status", "withdrawal_reason", "withdrawal_note", "withdrawn_at"]
    )
    audit_log(
        action="enrollment.withdrawn",
        actor=actor,
        obj=enrollment,
        data={"reason": reason, "note": enrollment.withdrawal_note},
    )
    return enrollment


def withdraw_departed_inmate(*, actor, inmate: Inmate, reason: str, note: str = "", **kwargs):
    """End the open enrollments of an inmate who was released or transferred.

    Connected to ``inmates.signals.inmate_departed``; returns how many it ended.
    """
    active = Enrollment.objects.filter(
        inmate=inmate,
        status=Enrollment.Status.ENROLLED,
        cohort__status__in=[Cohort.Status.PLANNED, Cohort.Status.RUNNING],
    )
    count = 0
    for enrollment in active:
        enrollment_withdraw(actor=actor, enrollment=enrollment, reason=reason, note=note)
        count += 1
    return count


@transaction.atomic
def session_create(
    *, actor, cohort: Cohort, date: date, start_time, end_time, topic: str = ""
) -> Session:
    """Add one session to a cohort's schedule."""
    if cohort.status in (Cohort.Status.CLOSED, Cohort.Status.CANCELLED):
        raise ValidationError(
            _("Jadwal angkatan yang sudah ditutup atau dibatalkan tidak dapat diubah.")
        )
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


COHORT_TRANSITIONS = {
    Cohort.Status.PLANNED: {Cohort.Status.RUNNING, Cohort.Status.CANCELLED},
    Cohort.Status.RUNNING: {Cohort.Status.CANCELLED},
}


@transaction.atomic
def cohort_start(*, actor, cohort: Cohort) -> Cohort:
    """Mark a planned cohort as running."""
    return _cohort_transition(actor=actor, cohort=cohort, to=Cohort.Status.RUNNING)


@transaction.atomic
def cohort_cancel(*, actor, cohort: Cohort, reason: str) -> Cohort:
    """Cancel a cohort that has not closed; a reason is required."""
    if not reason.strip():
        raise ValidationError({"reason": _("Alasan pembatalan wajib diisi.")})
    return _cohort_transition(
        actor=actor, cohort=cohort, to=Cohort.Status.CANCELLED, data={"reason": reason.strip()}
    )


def _cohort_transition(*, actor, cohort: Cohort, to: str, data: dict | None = None) -> Cohort:
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    before = cohort.status
    if to not in COHORT_TRANSITIONS.get(before, set()):
        raise ValidationError(
            _("Status angkatan tidak dapat diubah dari %(from)s menjadi %(to)s.")
            % {"from": cohort.get_status_display(), "to": Cohort.Status(to).label}
        )
    cohort.status = to
    cohort.save(update_fields=["status"])
    audit_log(
        action=f"cohort.{to}",
        actor=actor,
        obj=cohort,
        data={"from": before, "to": to, **(data or {})},
    )
    return cohort


COHORT_EDITABLE_FIELDS = (
    "name",
    "program",
    "agency",
    "start_date",
    "end_date",
    "capacity",
    "place",
)


@transaction.atomic
def cohort_update(*, actor, cohort: Cohort, instructors=None, **changes) -> Cohort:
    """Change a planned or running cohort; capacity and dates must still fit what it holds."""
    unknown = set(changes) - set(COHORT_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"cohort_update does not change {sorted(unknown)}")
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.status in (Cohort.Status.CLOSED, Cohort.Status.CANCELLED):
        raise ValidationError(_("Angkatan yang sudah ditutup atau dibatalkan tidak dapat diubah."))
    changed = apply_changes(cohort, changes)
    cohort.full_clean()
    errors = {}
    active = cohort.enrollments.filter(status__in=ACTIVE_ENROLLMENT_STATUSES).count()
    if cohort.capacity < active:
        errors["capacity"] = _(
            "Kapasitas tidak boleh kurang dari jumlah peserta terdaftar (%(count)s)."
        ) % {"count": active}
    outside = cohort.sessions.exclude(date__range=(cohort.start_date, cohort.end_date)).count()
    if outside:
        errors["end_date"] = _(
            "%(count)s sesi terjadwal di luar rentang tanggal baru. Hapus atau pindahkan dulu."
        ) % {"count": outside}
    if instructors is not None:
        foreign = [
            u for u in instructors if u.role != Role.INSTRUCTOR or u.agency_id != cohort.agency_id
        ]
        if foreign:
            errors["instructors"] = _(
                "Instruktur harus pengguna berperan instruktur dari instansi mitra."
            )
    if errors:
        raise ValidationError(errors)
    if changed:
        cohort.save(update_fields=list(changed))
    if instructors is not None:
        before = sorted(cohort.instructors.values_list("username", flat=True))
        cohort.instructors.set(instructors)
        after = sorted(u.username for u in instructors)
        if before != after:
            changed["instructors"] = {"from": before, "to": after}
    if changed:
        audit_log(action="cohort.updated", actor=actor, obj=cohort, data=changed)
    return cohort


@transaction.atomic
def sessions_generate(
    *,
    actor,
    cohort: Cohort,
    weekdays: list[int],
    start_time,
    end_time,
    topic_prefix: str = "",
    first_date: date | None = None,
    last_date: date | None = None,
) -> list[Session]:
    """Schedule a session on each chosen weekday (0 = Monday) between two dates.

    Days that already have a session at that start time are left alone, so generating twice
    adds nothing.
    """
    if cohort.status in (Cohort.Status.CLOSED, Cohort.Status.CANCELLED):
        raise ValidationError(
            _("Jadwal angkatan yang sudah ditutup atau dibatalkan tidak dapat diubah.")
        )
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
def session_delete(*, actor, session: Session) -> None:
    """Remove a session that has no attendance recorded yet."""
    if session.cohort.status in (Cohort.Status.CLOSED, Cohort.Status.CANCELLED):
        raise ValidationError(
            _("Jadwal angkatan yang sudah ditutup atau dibatalkan tidak dapat diubah.")
        )
    if session.attendances.exists():
        raise ValidationError(_("Sesi yang sudah memiliki daftar hadir tidak dapat dihapus."))
    audit_log(
        action="session.deleted",
        actor=actor,
        obj=session,
        data={"cohort": session.cohort_id, "date": session.date, "start_time": session.start_time},
    )
    session.delete()


def _ensure_open(cohort: Cohort) -> None:
    """Refuse attendance and results unless the cohort is running."""
    if cohort.status == Cohort.Status.PLANNED:
        raise ValidationError(_("Angkatan belum dimulai."))
    if cohort.status == Cohort.Status.CLOSED:
        raise ValidationError(
            _("Angkatan sudah ditutup; kehadiran dan hasil tidak dapat diubah lagi.")
        )
    if cohort.status == Cohort.Status.CANCELLED:
        raise ValidationError(_("Angkatan sudah dibatalkan."))


@transaction.atomic
def attendance_record(*, actor, session: Session, entries: dict[int, tuple[str, str]]) -> dict:
    """Save the attendance of every participant of one session in one go.

    ``entries`` maps enrollment id to (status, note). Every participant still enrolled must be
    given, and nobody else; the queries do not grow with the number of participants.
    """
    cohort = Cohort.objects.select_for_update().get(pk=session.cohort_id)
    _ensure_open(cohort)
    if session.date > timezone.localdate():
        raise ValidationError(_("Presensi hanya dapat diisi pada hari sesi atau sesudahnya."))
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


@transaction.atomic
def assessments_record(*, actor, cohort: Cohort, assessments: dict[int, Assessment]) -> int:
    """Record the results of several participants at once; all are saved or none.

    Where the program lists competency units, every unit needs K or BK and the overall result
    is K only when every unit is K. Returns how many participants changed.
    """
    cohort = Cohort.objects.select_for_update().select_related("program").get(pk=cohort.pk)
    _ensure_open(cohort)
    participants = {e.pk: e for e in cohort.enrollments.filter(status=Enrollment.Status.ENROLLED)}
    unit_ids = list(cohort.program.units.values_list("pk", flat=True))
    errors: dict[str, list[str]] = {}
    if set(assessments) - set(participants):
        errors[NON_FIELD_ERRORS] = [_("Ada peserta yang bukan anggota angkatan ini.")]
    valid_results = {Enrollment.Result.COMPETENT, Enrollment.Result.NOT_YET_COMPETENT, ""}
    for pk, entry in assessments.items():
        problems = []
        if entry.result not in valid_results:
            problems.append(_("Hasil harus K atau BK."))
        if entry.score is not None and not (0 <= entry.score <= 100):
            problems.append(_("Nilai harus antara 0 dan 100."))
        given = {uid: r for uid, r in entry.units.items() if r}
        if set(given) - set(unit_ids) or any(r not in ("K", "BK") for r in given.values()):
            problems.append(_("Hasil unit kompetensi tidak dikenali."))
        elif unit_ids and entry.result:
            if set(given) != set(unit_ids):
                problems.append(_("Isi K atau BK untuk setiap unit kompetensi."))
            elif entry.result == "K" and any(r != "K" for r in given.values()):
                problems.append(_("Hasil K hanya bila semua unit kompetensi K."))
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
def cohort_close(*, actor, cohort: Cohort) -> dict[str, int]:
    """Close a running cohort: every active participant needs a result; results freeze.

    Participants still enrolled become completed. Returns the count of K, BK and withdrawn.
    """
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.status != Cohort.Status.RUNNING:
        raise ValidationError(_("Hanya angkatan yang sedang berjalan yang dapat ditutup."))
    unassessed = cohort.enrollments.filter(
        status=Enrollment.Status.ENROLLED, result=Enrollment.Result.NONE
    ).count()
    if unassessed:
        raise ValidationError(
            _("Masih ada %(count)s peserta yang belum dinilai. Isi hasil K atau BK dulu.")
            % {"count": unassessed}
        )
    cohort.enrollments.filter(status=Enrollment.Status.ENROLLED).update(
        status=Enrollment.Status.COMPLETED
    )
    cohort.status = Cohort.Status.CLOSED
    cohort.closed_at = timezone.now()
    cohort.save(update_fields=["status", "closed_at"])
    summary = cohort_summary(cohort=cohort)
    audit_log(action="cohort.closed", actor=actor, obj=cohort, data=summary)
    return summary


def cohort_summary(*, cohort: Cohort) -> dict[str, int]:
    """Return how many participants of the cohort are K, BK and withdrawn."""
    counts = cohort.enrollments.aggregate(
        competent=Count("id", filter=Q(result="K") & ~Q(status=Enrollment.Status.WITHDRAWN)),
        not_yet=Count("id", filter=Q(result="BK") & ~Q(status=Enrollment.Status.WITHDRAWN)),
        withdrawn=Count("id", filter=Q(status=Enrollment.Status.WITHDRAWN)),
    )
    return {key: value or 0 for key, value in counts.items()}


@transaction.atomic
def cohort_reopen(*, actor, cohort: Cohort, reason: str) -> Cohort:
    """Reopen a closed cohort so that attendance and results can change: administrators only."""
    if not rules.can_reopen_cohort(actor):
        raise ValidationError(_("Hanya administrator sistem yang dapat membuka kembali angkatan."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan membuka kembali wajib diisi.")})
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.status != Cohort.Status.CLOSED:
        raise ValidationError(_("Hanya angkatan yang sudah ditutup yang dapat dibuka kembali."))
    # Reverse lookup by name: programs does not import certificates.
    if cohort.enrollments.filter(certificates__status="valid").exists():
        raise ValidationError(
            _(
                "Angkatan ini sudah memiliki sertifikat yang sah. Cabut sertifikat yang "
                "hasilnya akan diubah sebelum membuka kembali."
            )
        )
    cohort.enrollments.filter(status=Enrollment.Status.COMPLETED).update(
        status=Enrollment.Status.ENROLLED
    )
    cohort.status = Cohort.Status.RUNNING
    cohort.closed_at = None
    cohort.save(update_fields=["status", "closed_at"])
    audit_log(action="cohort.reopened", actor=actor, obj=cohort, data={"reason": reason})
    return cohort

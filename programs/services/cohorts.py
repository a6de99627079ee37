"""Writes to cohorts: open, change, start, cancel."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inmates.models import Facility
from lapas_training.audit import audit_log
from lapas_training.changes import UNCHANGED, apply_changes, given
from lapas_training.models import Role, User
from programs.models import Cohort, PartnerAgency, Program, TrainingEvent
from programs.selectors import cohort_has_teaching_records

COHORT_TRANSITIONS = {
    Cohort.Status.PLANNED: {Cohort.Status.RUNNING, Cohort.Status.CANCELLED},
    Cohort.Status.RUNNING: {Cohort.Status.CANCELLED},
}


def _foreign_instructors(instructors, agency_id: int) -> list[User]:
    """Return the chosen people who are not instructors of the cohort's agency."""
    return [u for u in instructors if u.role != Role.INSTRUCTOR or u.agency_id != agency_id]


def _lock(event: TrainingEvent | None) -> None:
    """Hold the event while a cohort joins it, so its dates and agencies cannot change meanwhile."""
    if event is not None:
        list(TrainingEvent.objects.select_for_update().filter(pk=event.pk).values_list("pk"))


FOREIGN_INSTRUCTORS = gettext_lazy(
    "Instruktur harus pengguna berperan instruktur dari instansi mitra."
)


@transaction.atomic
def cohort_create(
    *,
    actor: User,
    program: Program,
    facility: Facility,
    agency: PartnerAgency,
    name: str,
    start_date: date,
    end_date: date,
    capacity: int = 40,
    place: str = "Aula Lapas",
    instructors=(),
    event: TrainingEvent | None = None,
) -> Cohort:
    """Open a new cohort of a program in a facility with a partner agency, maybe in an event."""
    _lock(event)
    cohort = Cohort(
        event=event,
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
    if _foreign_instructors(instructors, agency.pk):
        raise ValidationError({"instructors": FOREIGN_INSTRUCTORS})
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
            "event": event.pk if event else None,
        },
    )
    return cohort


@transaction.atomic
def cohort_update(
    *,
    actor: User,
    cohort: Cohort,
    name: str = UNCHANGED,
    program: Program = UNCHANGED,
    agency: PartnerAgency = UNCHANGED,
    start_date: date = UNCHANGED,
    end_date: date = UNCHANGED,
    capacity: int = UNCHANGED,
    place: str = UNCHANGED,
    event: TrainingEvent | None = UNCHANGED,
    instructors: list[User] | None = None,
) -> Cohort:
    """Change a planned or running cohort; capacity and dates must still fit what it holds.

    Fields left ``UNCHANGED`` keep their value; ``instructors`` replaces the list when given.
    """
    changes = given(
        name=name,
        program=program,
        agency=agency,
        start_date=start_date,
        end_date=end_date,
        capacity=capacity,
        place=place,
        event=event,
    )
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    _lock(event if event is not UNCHANGED else cohort.event)
    if cohort.is_finished:
        raise ValidationError(_("Angkatan yang sudah ditutup atau dibatalkan tidak dapat diubah."))
    changed = apply_changes(cohort, changes)
    cohort.full_clean()
    errors = {}
    if "program" in changed and cohort_has_teaching_records(cohort=cohort):
        # Its units and hours would no longer match what was taught and assessed.
        errors["program"] = _(
            "Program tidak dapat diganti: angkatan ini sudah memiliki presensi atau hasil unit "
            "kompetensi."
        )
    active = cohort.enrollments.active().count()
    if cohort.capacity < active:
        errors["capacity"] = _(
            "Kapasitas tidak boleh kurang dari jumlah peserta terdaftar (%(count)s)."
        ) % {"count": active}
    outside = cohort.sessions.exclude(date__range=(cohort.start_date, cohort.end_date)).count()
    if outside:
        errors["end_date"] = _(
            "%(count)s sesi terjadwal di luar rentang tanggal baru. Hapus atau pindahkan dulu."
        ) % {"count": outside}
    if instructors is not None and _foreign_instructors(instructors, cohort.agency_id):
        errors["instructors"] = FOREIGN_INSTRUCTORS
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
def cohort_start(*, actor: User, cohort: Cohort) -> Cohort:
    """Mark a planned cohort as running."""
    return _cohort_transition(actor=actor, cohort=cohort, to=Cohort.Status.RUNNING)


@transaction.atomic
def cohort_cancel(*, actor: User, cohort: Cohort, reason: str) -> Cohort:
    """Cancel a cohort that has not closed; a reason is required."""
    if not reason.strip():
        raise ValidationError({"reason": _("Alasan pembatalan wajib diisi.")})
    return _cohort_transition(
        actor=actor, cohort=cohort, to=Cohort.Status.CANCELLED, data={"reason": reason.strip()}
    )


def _cohort_transition(
    *, actor: User, cohort: Cohort, to: Cohort.Status, data: dict | None = None
) -> Cohort:
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

"""Every write to cohorts and enrollments."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inmates.models import Facility, Inmate
from lapas_training.audit import audit_log
from lapas_training.models import Role
from programs.models import Cohort, Enrollment, PartnerAgency, Program, Session

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

    blocks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.blocks


def enrollment_eligibility(*, cohort: Cohort, inmate: Inmate, active_count: int | None = None):
    """Return the rules of enrollment that this inmate meets or breaks for this cohort."""
    result = Eligibility()
    if inmate.status != Inmate.Status.ACTIVE:
        result.blocks.append(
            _("WBP berstatus %(status)s, bukan aktif.") % {"status": inmate.get_status_display()}
        )
    if inmate.facility_id != cohort.facility_id:
        result.blocks.append(_("WBP tidak berada di UPT penyelenggara angkatan ini."))
    if cohort.status in (Cohort.Status.CLOSED, Cohort.Status.CANCELLED):
        result.blocks.append(
            _("Angkatan sudah %(status)s.") % {"status": cohort.get_status_display().lower()}
        )
    if active_count is None:
        active_count = cohort.enrollments.filter(status__in=ACTIVE_ENROLLMENT_STATUSES).count()
    if active_count >= cohort.capacity:
        result.blocks.append(
            _("Angkatan sudah penuh (%(count)s/%(capacity)s).")
            % {"count": active_count, "capacity": cohort.capacity}
        )
    overlapping = (
        Enrollment.objects.filter(
            inmate=inmate,
            status=Enrollment.Status.ENROLLED,
            cohort__start_date__lte=cohort.end_date,
            cohort__end_date__gte=cohort.start_date,
        )
        .exclude(cohort__status=Cohort.Status.CANCELLED)
        .select_related("cohort__program")
    )
    for other in overlapping:
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
    if Enrollment.objects.filter(
        inmate=inmate,
        status=Enrollment.Status.COMPLETED,
        cohort__program_id=cohort.program_id,
    ).exists():
        result.warnings.append(_("WBP sudah pernah menyelesaikan program yang sama."))
    return result


@transaction.atomic
def enrollment_create(
    *, actor, cohort: Cohort, inmate: Inmate, override_reason: str = ""
) -> Enrollment:
    """Enrol an inmate in a cohort if every hard rule holds; warnings need a written reason."""
    # Lock the cohort so that two operators enrolling at once cannot overfill it.
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    Inmate.objects.select_for_update().filter(pk=inmate.pk).first()
    eligibility = enrollment_eligibility(cohort=cohort, inmate=inmate)
    if eligibility.blocks:
        raise ValidationError(eligibility.blocks)
    override_reason = override_reason.strip()
    if eligibility.warnings and not override_reason:
        raise ValidationError(
            {
                "override_reason": _(
                    "Tuliskan alasan untuk tetap mendaftarkan WBP ini: %(warnings)s"
                )
                % {"warnings": " ".join(eligibility.warnings)}
            }
        )
    enrollment = Enrollment(
        cohort=cohort,
        inmate=inmate,
        enrolled_by=actor,
        override_reason=override_reason if eligibility.warnings else "",
    )
    enrollment.full_clean()
    enrollment.save()
    audit_log(
        action="enrollment.created",
        actor=actor,
        obj=enrollment,
        data={"cohort": cohort.pk, "inmate": inmate.pk},
    )
    if eligibility.warnings:
        audit_log(
            action="enrollment.warning_overridden",
            actor=actor,
            obj=enrollment,
            data={"warnings": eligibility.warnings, "reason": override_reason},
        )
    return enrollment


@transaction.atomic
def session_create(
    *, actor, cohort: Cohort, date: date, start_time, end_time, topic: str = ""
) -> Session:
    """Add one session to a cohort's schedule."""
    if cohort.status in (Cohort.Status.CLOSED, Cohort.Status.CANCELLED):
        raise ValidationError(
            _("Jadwal angkatan yang sudah ditutup atau dibatalkan tidak dapat diubah.")
        )
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

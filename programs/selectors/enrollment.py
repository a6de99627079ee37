"""Scoped reads for enrolling inmates: candidates, picks, and who may join a cohort."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from inmates.models import Inmate
from inmates.selectors import inmates_visible_to
from lapas_training.models import User
from lapas_training.scoping import parse_id
from lapas_training.verdicts import Verdict
from programs.models import Cohort, Enrollment


def enrollment_candidates(*, user: User, cohort: Cohort, search: str = "") -> QuerySet[Inmate]:
    """Return the active inmates of the cohort's facility that the user may enrol."""
    qs = inmates_visible_to(user=user).filter(
        facility_id=cohort.facility_id, status=Inmate.Status.ACTIVE
    )
    search = search.strip()
    if search:
        qs = qs.filter(Q(full_name__icontains=search) | Q(registration_number__icontains=search))
    return qs.order_by("full_name", "id")


def picked_inmates(*, user: User, cohort: Cohort, ids) -> list[Inmate]:
    """Return the inmates among ``ids`` that the user may enrol in this cohort, by name."""
    clean_ids = {pk for pk in map(parse_id, ids) if pk is not None}
    if not clean_ids:
        return []
    return list(
        inmates_visible_to(user=user)
        .filter(facility_id=cohort.facility_id, pk__in=clean_ids)
        .order_by("full_name", "id")
    )


@dataclass
class Eligibility(Verdict):
    """Whether an inmate may join a cohort: hard blocks and warnings that need a reason."""

    inmate: Inmate | None = None
    # The other cohorts the inmate is enrolled in now (planned or running), to show beside him.
    current: list[Cohort] = field(default_factory=list)


def enrollment_eligibility_bulk(*, cohort: Cohort, inmates) -> dict[int, Eligibility]:
    """Return, by inmate id, the enrollment rules each inmate meets or breaks for this cohort.

    Runs a fixed number of queries whatever the number of inmates.
    """
    inmates = list(inmates)
    ids = [inmate.pk for inmate in inmates]
    active_count = cohort.enrollments.active().count()
    full = active_count >= cohort.capacity
    overlapping: dict[int, list[Enrollment]] = {}
    current: dict[int, list[Cohort]] = {}
    for other in (
        Enrollment.objects.filter(inmate_id__in=ids, status=Enrollment.Status.ENROLLED)
        .exclude(cohort__status=Cohort.Status.CANCELLED)
        .select_related("cohort__program")
        .order_by("cohort__start_date", "cohort_id")
    ):
        if other.cohort_id != cohort.pk and not other.cohort.is_finished:
            current.setdefault(other.inmate_id, []).append(other.cohort)
        if (
            other.cohort.start_date <= cohort.end_date
            and other.cohort.end_date >= cohort.start_date
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
        result = Eligibility(inmate=inmate, current=current.get(inmate.pk, []))
        if inmate.status != Inmate.Status.ACTIVE:
            result.blocks.append(
                _("WBP berstatus %(status)s, bukan aktif.")
                % {"status": inmate.get_status_display()}
            )
        if inmate.facility_id != cohort.facility_id:
            result.blocks.append(_("WBP tidak berada di UPT penyelenggara angkatan ini."))
        if cohort.is_finished:
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
            elif cohort.event_id is not None and other.cohort.event_id == cohort.event_id:
                result.blocks.append(
                    _(
                        "WBP sudah mengikuti angkatan lain dalam kegiatan yang sama pada waktu "
                        "yang sama: %(cohort)s."
                    )
                    % {"cohort": other.cohort}
                )
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

"""Scoped reads of certificates and ceremonies, and who qualifies for one."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from certificates.models import Ceremony, Certificate, CertificateCounter, HoursDecision
from inmates.models import Inmate
from inmates.selectors import CERTIFICATE_FIELDS
from lapas_training.models import Role, User
from lapas_training.scoping import get_for_user_or_404
from lapas_training.verdicts import Verdict
from programs.models import Cohort, Enrollment, PartnerAgency, TrainingEvent
from programs.numbering import format_number
from programs.selectors import CohortHours, cohort_hours


def certificates_visible_to(*, user: User) -> QuerySet[Certificate]:
    """Return the certificates this user may see.

    Lapas staff: those of cohorts held in their facility and of inmates now in it. Agency
    admins: their agency's. Admins: all. Instructors none: a certificate prints the birth
    place and date, and instructors see only names and registration numbers.
    """
    if not user.is_authenticated:
        return Certificate.objects.none()
    if user.role == Role.ADMIN:
        return Certificate.objects.all()
    if user.role in {Role.LAPAS_OPERATOR, Role.LAPAS_HEAD}:
        return Certificate.objects.filter(
            Q(enrollment__cohort__facility_id=user.facility_id)
            | Q(enrollment__inmate__facility_id=user.facility_id)
        )
    if user.role == Role.AGENCY_ADMIN:
        return Certificate.objects.filter(agency_id=user.agency_id)
    return Certificate.objects.none()


def certificate_for_user_or_404(*, user: User, pk: int) -> Certificate:
    """Return one certificate the user may see, with what its pages show; others get 404."""
    return get_for_user_or_404(
        lambda user: certificates_visible_to(user=user).select_related(
            "agency", "enrollment__cohort__program", "enrollment__inmate", "superseded_by"
        ),
        user,
        pk=pk,
    )


def certificate_list(
    *, user: User, search: str = "", status: str = "", cohort: Cohort | None = None
) -> QuerySet[Certificate]:
    """Return the user's certificates, searchable by number or holder's name."""
    qs = certificates_visible_to(user=user).select_related("agency", "enrollment__cohort__program")
    if cohort is not None:
        qs = qs.filter(enrollment__cohort=cohort)
    search = search.strip()
    if search:
        qs = qs.filter(Q(number__icontains=search) | Q(snapshot__holder__name__icontains=search))
    if status in Certificate.Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("-issued_at", "-sequence")


def superseded_certificate(*, certificate: Certificate) -> Certificate | None:
    """Return the certificate that this one replaced, if it is a correction."""
    return Certificate.objects.filter(superseded_by=certificate).first()


def certificate_by_code(code: str) -> Certificate | None:
    """Return the certificate with this verification code, for the public page."""
    return (
        Certificate.objects.select_related("superseded_by").filter(verification_code=code).first()
    )


def cohort_has_valid_certificates(*, cohort: Cohort) -> bool:
    """Return whether a valid certificate stands on one of the cohort's results."""
    return Certificate.objects.filter(
        enrollment__cohort=cohort, status=Certificate.Status.VALID
    ).exists()


def ceremonies_visible_to(*, user: User) -> QuerySet[Ceremony]:
    """Return the ceremonies of cohorts and events this user may see certificates of."""
    if not user.is_authenticated:
        return Ceremony.objects.none()
    if user.role == Role.ADMIN:
        return Ceremony.objects.all()
    if user.role in {Role.LAPAS_OPERATOR, Role.LAPAS_HEAD}:
        return Ceremony.objects.filter(
            Q(cohort__facility_id=user.facility_id) | Q(event__facility_id=user.facility_id)
        )
    if user.role == Role.AGENCY_ADMIN:
        return Ceremony.objects.filter(agency_id=user.agency_id)
    return Ceremony.objects.none()


def ceremony_for_user_or_404(*, user: User, pk: int) -> Ceremony:
    """Return one ceremony the user may see; others get 404."""
    return get_for_user_or_404(
        lambda user: ceremonies_visible_to(user=user).select_related(
            "cohort__program", "event", "agency"
        ),
        user,
        pk=pk,
    )


def ceremony_candidates(*, cohort: Cohort) -> list[Certificate]:
    """Return the cohort's valid certificates in the default handover order: by name."""
    return sorted(
        Certificate.objects.filter(
            enrollment__cohort=cohort, status=Certificate.Status.VALID
        ).select_related("agency"),
        key=lambda c: (c.snapshot["holder"]["name"], c.pk),
    )


def event_ceremony_candidates(*, event: TrainingEvent, agency: PartnerAgency) -> list[Certificate]:
    """Return the agency's valid certificates of the event's cohorts: by program, then name."""
    return sorted(
        Certificate.objects.filter(
            enrollment__cohort__event=event, agency=agency, status=Certificate.Status.VALID
        ).select_related("agency"),
        key=lambda c: (c.snapshot["program"]["name"], c.snapshot["holder"]["name"], c.pk),
    )


def event_ceremony_agencies(*, user: User, event: TrainingEvent) -> list[PartnerAgency]:
    """Return the event's agencies whose certificates this user may hand over."""
    agencies = event.agencies.order_by("name")
    if user.role != Role.ADMIN:
        agencies = agencies.filter(pk=user.agency_id)
    return list(agencies)


def ceremony_items(*, ceremony: Ceremony):
    """Return the ceremony's certificates in handover order."""
    return ceremony.items.select_related("certificate").order_by("position")


def ceremony_numbers(*, ceremony: Ceremony) -> list[str]:
    """Return the numbers of the ceremony's certificates in handover order."""
    return list(ceremony.items.order_by("position").values_list("certificate__number", flat=True))


@dataclass
class Qualification(Verdict):
    """Whether a participant qualifies for a certificate, why not, and the one he holds."""

    enrollment: Enrollment | None = None
    certificate: Certificate | None = None

    @property
    def to_issue(self) -> bool:
        """Qualifies and holds no certificate yet: the next issuance gives him one."""
        return self.allowed and self.certificate is None


def issuance_preview(*, cohort: Cohort) -> list[Qualification]:
    """Return every participant with whether he qualifies: completed, K, enough attendance."""
    program = cohort.program
    enrollments = (
        cohort.enrollments.select_related("inmate", "cohort__program", "cohort__agency")
        .with_attendance()
        .order_by("inmate__full_name", "id")
    )
    existing = {}
    for certificate in Certificate.objects.filter(enrollment__cohort=cohort).order_by("issued_at"):
        existing[certificate.enrollment_id] = certificate  # the latest one counts
    rows = []
    for enrollment in enrollments:
        row = Qualification(enrollment=enrollment, certificate=existing.get(enrollment.pk))
        if enrollment.is_withdrawn:
            row.blocks.append(
                _("Keluar dari pelatihan (%(reason)s).")
                % {"reason": enrollment.get_withdrawal_reason_display().lower()}
            )
        elif enrollment.status != Enrollment.Status.COMPLETED:
            row.blocks.append(_("Pelatihan belum selesai."))
        if not enrollment.is_withdrawn:
            if enrollment.result != Enrollment.Result.COMPETENT:
                row.blocks.append(
                    _("Hasil belum kompeten.") if enrollment.result else _("Belum dinilai.")
                )
            percent = enrollment.attendance_percent
            if percent is None:
                row.blocks.append(_("Belum ada sesi yang tercatat kehadirannya."))
            elif percent < program.min_attendance_percent:
                row.blocks.append(
                    _("Kehadiran %(percent)s%% di bawah minimal %(minimum)s%%.")
                    % {"percent": round(percent), "minimum": program.min_attendance_percent}
                )
        rows.append(row)
    return rows


@dataclass(frozen=True)
class HoursPlan:
    """The JP a cohort's certificates will state: the program's, or what was delivered.

    A certificate never states more hours than the held sessions delivered. When they fall
    short of the program, the issuing agency decides in writing to certify what was delivered
    (``decision``), or schedules the missing hours first.
    """

    hours: CohortHours
    decision: HoursDecision | None

    @property
    def needs_decision(self) -> bool:
        return self.hours.shortfall > 0 and self.decision is None

    @property
    def printed(self) -> int | None:
        """The JP to print, or None while a decision is needed."""
        if not self.hours.shortfall:
            return self.hours.program
        return self.decision.delivered_hours if self.decision else None


def hours_plan(*, cohort: Cohort) -> HoursPlan:
    """Return the cohort's hours and the standing decision about a shortfall, if any."""
    hours = cohort_hours(cohort=cohort)
    decision = None
    if hours.shortfall:
        # A decision holds only for the delivered hours it was made about.
        decision = HoursDecision.objects.filter(
            cohort=cohort, delivered_hours=hours.delivered
        ).first()
    return HoursPlan(hours=hours, decision=decision)


def next_sequence(*, agency, year: int) -> int:
    """Return the sequence number the agency's next certificate of ``year`` would get."""
    last = (
        CertificateCounter.objects.filter(agency=agency, year=year)
        .values_list("last_sequence", flat=True)
        .first()
    )
    return (last or 0) + 1


def next_numbers(*, cohort: Cohort, count: int, on) -> tuple[str, str] | None:
    """Return the first and last number the next ``count`` certificates would get, or None.

    A preview only: numbers are taken for good when issued, and a concurrent issuance of the
    same agency may take these first.
    """
    if count <= 0:
        return None
    agency = cohort.agency
    last = next_sequence(agency=agency, year=on.year) - 1

    def number(seq: int) -> str:
        return format_number(
            agency.certificate_number_format,
            seq=seq,
            agency=agency.code,
            program=cohort.program.code,
            month=on.month,
            year=on.year,
        )

    return number(last + 1), number(last + count)


def overstating_certificates() -> list[tuple[Certificate, int]]:
    """Return the valid certificates that state more JP than their cohort's held sessions gave.

    For the agencies to correct (``certificate_reissue``): certificates issued before hours
    were counted from held sessions may overstate. Pairs each with the JP delivered.
    """
    found = []
    certificates = Certificate.objects.filter(status=Certificate.Status.VALID).select_related(
        "enrollment__cohort__program", "agency"
    )
    delivered_by_cohort: dict[int, int] = {}
    for certificate in certificates.order_by("agency__code", "year", "sequence"):
        cohort = certificate.enrollment.cohort
        if cohort.pk not in delivered_by_cohort:
            delivered_by_cohort[cohort.pk] = cohort_hours(cohort=cohort).delivered
        delivered = delivered_by_cohort[cohort.pk]
        if certificate.snapshot["program"]["hours"] > delivered:
            found.append((certificate, delivered))
    return found


@dataclass(frozen=True)
class RenderProgress:
    """How far the background rendering of some PDFs has come."""

    stored: int
    total: int
    failed: int

    @property
    def done(self) -> bool:
        return self.stored >= self.total

    def as_dict(self) -> dict:
        return {
            "stored": self.stored,
            "total": self.total,
            "failed": self.failed,
            "done": self.done,
        }


def render_progress(*, cohort: Cohort) -> RenderProgress:
    """Return how many of a cohort's certificates have their PDF stored, and how many failed."""
    counts = Certificate.objects.filter(enrollment__cohort=cohort).aggregate(
        total=Count("pk"),
        stored=Count("pk", filter=~Q(pdf="")),
        failed=Count("pk", filter=Q(pdf="", render_failed_at__isnull=False)),
    )
    return RenderProgress(**counts)


def ceremony_render_progress(*, ceremony: Ceremony) -> RenderProgress:
    """Return whether a ceremony's print PDF is stored (one of one), or failed."""
    return RenderProgress(
        stored=int(bool(ceremony.pdf)), total=1, failed=int(ceremony.render_failed)
    )


def register_corrections_since_issue(*, certificate: Certificate) -> list[str]:
    """Return the labels of printed fields the register corrected after ``certificate`` was
    issued (its PDF still prints the old value): the agency corrects by reissuing."""
    if not certificate.is_valid:
        return []
    fields = (
        certificate.enrollment.inmate.corrections.filter(
            field__in=CERTIFICATE_FIELDS, corrected_at__gt=certificate.issued_at
        )
        .values_list("field", flat=True)
        .distinct()
    )
    return [str(Inmate._meta.get_field(name).verbose_name) for name in sorted(set(fields))]

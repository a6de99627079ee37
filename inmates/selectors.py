"""Scoped reads of facilities and inmates."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from inmates import importing
from inmates.models import Facility, Inmate, InmateCorrection, InmateImport, TrainingTarget
from lapas_training import rules
from lapas_training.models import Role

INMATE_SORTS = {
    "name": ("full_name", "id"),
    "-name": ("-full_name", "-id"),
    "reg": ("registration_number", "id"),
    "-reg": ("-registration_number", "-id"),
    "release": ("expected_release_date", "id"),
    "-release": ("-expected_release_date", "-id"),
}


def facilities_visible_to(*, user) -> QuerySet[Facility]:
    """Return the facilities whose register this user may read."""
    if not user.is_authenticated:
        return Facility.objects.none()
    if user.role == Role.ADMIN:
        return Facility.objects.all()
    if user.role in {Role.LAPAS_OPERATOR, Role.LAPAS_HEAD}:
        return Facility.objects.filter(pk=user.facility_id)
    return Facility.objects.none()


def facilities_reported_to(*, user) -> QuerySet[Facility]:
    """Return the facilities whose figures this user reads in reports (not their registers).

    A facility's staff their own, a regional office (Kanwil) every facility of its province,
    a system administrator all. Agencies read figures by cohort, not by facility.
    """
    if user.is_authenticated and user.role == Role.KANWIL:
        return Facility.objects.filter(province=user.province)
    return facilities_visible_to(user=user)


def inmates_visible_to(*, user) -> QuerySet[Inmate]:
    """Return the inmates in registers this user may read (agency users read none)."""
    if not user.is_authenticated:
        return Inmate.objects.none()
    if user.role == Role.ADMIN:
        return Inmate.objects.all()
    if user.role in {Role.LAPAS_OPERATOR, Role.LAPAS_HEAD}:
        return Inmate.objects.filter(facility_id=user.facility_id)
    return Inmate.objects.none()


def inmate_visible(*, user, inmate: Inmate) -> bool:
    """Return whether the inmate is (still) in a register the user may read."""
    return inmates_visible_to(user=user).filter(pk=inmate.pk).exists()


def inmate_counts(*, user) -> dict[str, int]:
    """Return how many inmates the user's registers hold, and how many of them are active."""
    return inmates_visible_to(user=user).aggregate(
        active=Count("id", filter=Q(status=Inmate.Status.ACTIVE)),
        total=Count("id"),
    )


def inmate_list(
    *, user, search: str = "", status: str = "", interest: str = "", sort: str = "name"
) -> QuerySet[Inmate]:
    """Return the user's inmates matching a name or registration-number search."""
    qs = inmates_visible_to(user=user)
    if rules.is_system_admin(user):
        # Only a system administrator's list shows each inmate's facility; the others' are of
        # their own facility, and the join would cost every page (README: performance notes).
        qs = qs.select_related("facility")
    search = search.strip()
    if search:
        qs = qs.filter(Q(full_name__icontains=search) | Q(registration_number__icontains=search))
    if status in Inmate.Status.values:
        qs = qs.filter(status=status)
    if interest:
        qs = qs.filter(interests__code=interest)
    return qs.order_by(*INMATE_SORTS.get(sort, INMATE_SORTS["name"]))


def inmate_training_history(*, inmate: Inmate):
    """Return every enrollment of the inmate, across the facilities he has been in.

    Each carries ``sessions_held`` and ``sessions_present`` for its attendance percent.
    """
    return (
        inmate.enrollments.select_related("cohort__program", "cohort__agency", "cohort__facility")
        # Reverse relations of the apps above: certificates, LSP competency tests.
        .prefetch_related("certificates", "assessments__test", "assessments__bnsp_certificate")
        .with_attendance()
        .order_by("-cohort__start_date")
    )


def inmate_corrections(*, inmate: Inmate) -> QuerySet[InmateCorrection]:
    """Return the correction history of an inmate's personal data, newest first."""
    return inmate.corrections.select_related("corrected_by")


# The fields a certificate prints from the register (its frozen snapshot holds them).
CERTIFICATE_FIELDS = ("full_name", "birth_place", "birth_date")


@dataclass(frozen=True)
class OutdatedCertificate:
    """A valid certificate issued before a correction of a field it prints."""

    certificate: object
    cohort: object
    fields: tuple[str, ...]

    @property
    def field_labels(self) -> str:
        return ", ".join(str(Inmate._meta.get_field(name).verbose_name) for name in self.fields)


def certificates_printing_old_data(*, inmate: Inmate) -> list[OutdatedCertificate]:
    """Return the inmate's valid certificates issued before a correction of a printed field.

    Read through the reverse relations by name (enrollments, their certificates), as
    ``inmate_training_history`` does: nothing of the apps above is imported, and the
    comparison is on this app's own data (when a field was corrected), not on the
    certificates' snapshot format.
    """
    corrections = list(
        inmate.corrections.filter(field__in=CERTIFICATE_FIELDS).values_list("field", "corrected_at")
    )
    if not corrections:
        return []
    enrollments = (
        inmate.enrollments.filter(certificates__status="valid")
        .distinct()
        .select_related("cohort__agency", "cohort__program")
        .prefetch_related("certificates")
    )
    outdated = []
    for enrollment in enrollments:
        for certificate in enrollment.certificates.all():
            if certificate.status != "valid":
                continue
            fields = tuple(
                name
                for name in CERTIFICATE_FIELDS
                if any(f == name and at > certificate.issued_at for f, at in corrections)
            )
            if fields:
                outdated.append(OutdatedCertificate(certificate, enrollment.cohort, fields))
    return outdated


def imports_visible_to(*, user) -> QuerySet[InmateImport]:
    """Return the register uploads of the facilities this user may change."""
    if not rules.can_manage_inmates(user):
        return InmateImport.objects.none()
    if user.role == Role.ADMIN:
        return InmateImport.objects.all()
    return InmateImport.objects.filter(facility_id=user.facility_id)


def import_preview(*, upload: InmateImport) -> tuple[list[importing.RowResult], dict[str, int]]:
    """Return what every row of a pending upload would do, and the counts of each outcome."""
    rows = []
    if upload.status == InmateImport.Status.PENDING:
        rows = importing.validate_rows(
            facility=upload.facility,
            rows=importing.parse_upload(upload.file_name, bytes(upload.content)),
        )
    return rows, importing.preview_counts(rows)


def training_targets(*, facilities: QuerySet[Facility], year: int) -> dict[int, int]:
    """Return ``{facility id: target}`` of the facilities' LKjIP targets for the year."""
    return dict(
        TrainingTarget.objects.filter(facility__in=facilities, year=year).values_list(
            "facility_id", "inmates"
        )
    )

"""The rows of every export, read in chunks so that a long list never sits in memory whole.

No export carries a NIK, a birth date or a photo: names and registration numbers only.
"""

from collections.abc import Iterator

from django.db.models import Min, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.models import CeremonyCertificate, Certificate, CertificateStatus
from lapas_training.periods import Period
from programs.models import AttendanceStatus, Cohort, Enrollment
from programs.selectors import attendance_grid
from programs.selectors import figures as cohort_figures

CHUNK = 2000


def _date(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "astimezone"):
        value = timezone.localtime(value).date()
    return value.strftime("%d/%m/%Y")


def _percent(present: int, held: int):
    return round(100 * present / held, 1) if held else ""


PARTICIPANT_HEADER = [
    "nama_lengkap",
    "nomor_registrasi",
    "upt",
    "program",
    "angkatan",
    "instansi_mitra",
    "mulai",
    "selesai",
    "status",
    "alasan_keluar",
    "hasil",
    "nilai",
    "kehadiran_persen",
]


def participants_counted(cohorts: QuerySet[Cohort], period: Period, figure: str):
    """Return the enrollments behind a participant figure, for a list or an export."""
    return (
        cohort_figures.enrollments_counted(cohorts, period, figure)
        .select_related("inmate", "cohort__program", "cohort__facility", "cohort__agency")
        .order_by("cohort__start_date", "cohort_id", "inmate__full_name", "pk")
    )


PARTICIPANT_VALUES = (
    "inmate__full_name",
    "inmate__registration_number",
    "cohort__facility__name",
    "cohort__program__name",
    "cohort__name",
    "cohort__agency__name",
    "cohort__start_date",
    "cohort__end_date",
    "status",
    "withdrawal_reason",
    "result",
    "score",
    "sessions_present",
    "sessions_held",
)


def participant_rows(enrollments: QuerySet[Enrollment], *, certificate: bool = False):
    """Yield one export row per enrollment, with its attendance (and certificate number).

    Plain values rather than model instances: a 100,000-row export spends its time writing,
    not building objects.
    """
    statuses = {key: str(label) for key, label in Enrollment.Status.choices}
    reasons = {key: str(label) for key, label in Enrollment.WithdrawalReason.choices}
    qs = enrollments.with_attendance()
    names = PARTICIPANT_VALUES
    if certificate:
        valid = Certificate.objects.filter(
            enrollment_id=OuterRef("pk"), status=CertificateStatus.VALID
        ).values("number")[:1]
        qs = qs.annotate(certificate_number=Subquery(valid))
        names = (*names, "certificate_number")
    for values in qs.values_list(*names).iterator(chunk_size=CHUNK):
        (name, number, facility, program, cohort, agency, start, end, status, reason) = values[:10]
        result, score, present, held = values[10:14]
        row = [
            name,
            number,
            facility,
            program,
            cohort,
            agency,
            _date(start),
            _date(end),
            statuses.get(status, status),
            reasons.get(reason, ""),
            result,
            "" if score is None else float(score),
            _percent(present, held),
        ]
        yield [*row, values[14] or ""] if certificate else row


def cohort_participants(cohort: Cohort) -> QuerySet[Enrollment]:
    """Return every enrollment of a cohort, withdrawn ones too, by name."""
    return cohort.enrollments.select_related(
        "inmate", "cohort__program", "cohort__facility", "cohort__agency"
    ).order_by("inmate__full_name", "pk")


CERTIFICATE_HEADER = [
    "nomor",
    "nama_pemegang",
    "program",
    "angkatan",
    "upt",
    "tanggal_mulai",
    "tanggal_selesai",
    "tanggal_terbit",
    "status",
    "dicabut_pada",
    "alasan_pencabutan",
    "diganti_dengan",
    "diserahkan_pada",
]


def certificate_register(
    cohorts: QuerySet[Cohort], period: Period, status: str = ""
) -> QuerySet[Certificate]:
    """Return the certificates issued in the period to participants of the cohorts."""
    start, after = period.datetimes()
    qs = Certificate.objects.filter(
        cohort__in=cohorts.values("pk"), issued_at__gte=start, issued_at__lt=after
    )
    if status in CertificateStatus.values:
        qs = qs.filter(status=status)
    handed = (
        CeremonyCertificate.objects.filter(certificate_id=OuterRef("pk"))
        .values("certificate_id")
        .annotate(first=Min("ceremony__date"))
        .values("first")
    )
    return (
        qs.select_related(
            "enrollment__cohort__program", "enrollment__cohort__facility", "superseded_by"
        )
        .annotate(handed_over_on=Subquery(handed))
        .order_by("agency_id", "year", "sequence")
    )


def certificate_rows(certificates: QuerySet[Certificate]) -> Iterator[list]:
    """Yield one register row per certificate, from plain values."""
    statuses = {key: str(label) for key, label in CertificateStatus.choices}
    values = certificates.values_list(
        "number",
        "snapshot__holder__name",
        "enrollment__cohort__program__name",
        "enrollment__cohort__name",
        "enrollment__cohort__facility__name",
        "enrollment__cohort__start_date",
        "enrollment__cohort__end_date",
        "issued_at",
        "status",
        "revoked_at",
        "revocation_reason",
        "superseded_by__number",
        "handed_over_on",
    )
    for row in values.iterator(chunk_size=CHUNK):
        (number, holder, program, cohort, facility, start, end, issued, status) = row[:9]
        revoked, reason, successor, handed = row[9:]
        yield [
            number,
            holder or "",
            program,
            cohort,
            facility,
            _date(start),
            _date(end),
            _date(issued),
            statuses.get(status, status),
            _date(revoked),
            reason,
            successor or "",
            _date(handed),
        ]


LETTERS = {
    AttendanceStatus.PRESENT: "H",
    AttendanceStatus.EXCUSED: "I",
    AttendanceStatus.SICK: "S",
    AttendanceStatus.ABSENT: "A",
}


def attendance_recap(cohort: Cohort) -> tuple[list[str], list[list]]:
    """Return the header and rows of a cohort's attendance recap: a letter per session."""
    sessions, grid = attendance_grid(cohort=cohort)
    header = [
        "nama_lengkap",
        "nomor_registrasi",
        *[f"{s.date:%d/%m/%Y} {s.start_time:%H:%M}" for s in sessions],
        "hadir",
        "izin",
        "sakit",
        "alpa",
        "kehadiran_persen",
    ]
    held = sum(1 for s in sessions if s.is_recorded)
    rows = []
    for enrollment, marks in grid:
        counts = {status: marks.count(status) for status in LETTERS}
        # As everywhere: sessions present over the sessions the cohort held.
        rows.append(
            [
                enrollment.inmate.full_name,
                enrollment.inmate.registration_number,
                *[LETTERS.get(mark, "") for mark in marks],
                *counts.values(),
                _percent(counts[AttendanceStatus.PRESENT], held),
            ]
        )
    return header, rows


def export_title(kind: str) -> str:
    return {
        "participants": _("Peserta"),
        "certificates": _("Register sertifikat"),
        "attendance": _("Rekap presensi"),
    }[kind]

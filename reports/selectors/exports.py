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


def _participant_row(e: Enrollment, statuses: dict, reasons: dict) -> list:
    cohort = e.cohort
    return [
        e.inmate.full_name,
        e.inmate.registration_number,
        cohort.facility.name,
        cohort.program.name,
        cohort.name,
        cohort.agency.name,
        _date(cohort.start_date),
        _date(cohort.end_date),
        str(statuses.get(e.status, e.status)),
        str(reasons.get(e.withdrawal_reason, "")),
        e.result,
        "" if e.score is None else float(e.score),
        _percent(e.sessions_present, e.sessions_held),
    ]


def participant_rows(enrollments: QuerySet[Enrollment], *, certificate: bool = False):
    """Yield one export row per enrollment, with its attendance (and certificate number)."""
    statuses = dict(Enrollment.Status.choices)
    reasons = dict(Enrollment.WithdrawalReason.choices)
    qs = enrollments.with_attendance()
    if certificate:
        valid = Certificate.objects.filter(
            enrollment_id=OuterRef("pk"), status=CertificateStatus.VALID
        ).values("number")[:1]
        qs = qs.annotate(certificate_number=Subquery(valid))
    for e in qs.iterator(chunk_size=CHUNK):
        row = _participant_row(e, statuses, reasons)
        yield [*row, e.certificate_number or ""] if certificate else row


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
        enrollment__cohort__in=cohorts.values("pk"), issued_at__gte=start, issued_at__lt=after
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
    statuses = dict(CertificateStatus.choices)
    for c in certificates.iterator(chunk_size=CHUNK):
        cohort = c.enrollment.cohort
        yield [
            c.number,
            c.snapshot.get("holder", {}).get("name", ""),
            cohort.program.name,
            cohort.name,
            cohort.facility.name,
            _date(cohort.start_date),
            _date(cohort.end_date),
            _date(c.issued_at),
            str(statuses.get(c.status, c.status)),
            _date(c.revoked_at),
            c.revocation_reason,
            c.superseded_by.number if c.superseded_by_id else "",
            _date(c.handed_over_on),
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
    rows = []
    for enrollment, marks in grid:
        counts = {status: marks.count(status) for status in LETTERS}
        held = sum(counts.values())
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

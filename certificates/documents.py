"""What a certificate prints: the frozen snapshot, the inputs of its PDF, and the sample.

Reads only; every write (numbering, storing, auditing) stays in ``certificates.services``.
"""

from datetime import date

from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from certificates import pdf
from certificates.models import Certificate
from inmates.photos import photo_bytes
from programs.models import Enrollment, PartnerAgency, Program
from programs.numbering import format_number

SAMPLE_UNITS = [
    {"code": "CONTOH.01", "title": "Menerapkan keselamatan dan kesehatan kerja", "hours": 8},
    {"code": "CONTOH.02", "title": "Membaca gambar kerja", "hours": 12},
    {"code": "CONTOH.03", "title": "Melaksanakan pekerjaan sesuai standar", "hours": 40},
]


def issuer_fields(agency: PartnerAgency, issued_on: date) -> dict:
    """Return the printed fields that come from the issuing agency."""
    second = None
    if agency.second_signatory_name:
        second = {
            "name": agency.second_signatory_name,
            "title": agency.second_signatory_title,
            "rank": agency.second_signatory_rank,
            "nip": agency.second_signatory_nip,
        }
    return {
        "agency": {
            "name": agency.name,
            "code": agency.code,
            "address": agency.address,
            "city": agency.city,
            "letterhead": [line.strip() for line in agency.letterhead.splitlines() if line.strip()],
        },
        "bilingual": agency.bilingual,
        "issued": {
            "place": agency.city.removeprefix("Kabupaten ").removeprefix("Kota "),
            "date": issued_on.isoformat(),
        },
        "signatories": {
            "head": {
                "name": agency.head_name,
                "title": agency.head_title,
                "rank": agency.head_rank,
                "nip": agency.head_nip,
            },
            "second": second,
        },
    }


def program_units(program: Program) -> list[dict]:
    """Return a program's competency units as printed, in order."""
    return [
        {"code": unit.code, "title": unit.title, "hours": unit.hours}
        for unit in program.units.all()
    ]


def build_snapshot(
    *, enrollment: Enrollment, number: str, code: str, issued_at, units: list[dict], hours: int
) -> dict:
    """Freeze every printed field of a certificate at issuance.

    ``hours`` is the JP the certificate states: never more than the held sessions delivered
    (``certificates.selectors.HoursPlan.printed``).
    """
    cohort = enrollment.cohort
    program = cohort.program
    inmate = enrollment.inmate
    return {
        "number": number,
        "kind": program.certificate_kind,
        "holder": {
            "name": inmate.full_name,
            "birth_place": inmate.birth_place,
            "birth_date": inmate.birth_date.isoformat() if inmate.birth_date else "",
        },
        "program": {
            "name": program.name,
            "code": program.code,
            "hours": hours,
            "planned_hours": program.hours,
        },
        "training": {
            "start": cohort.start_date.isoformat(),
            "end": cohort.end_date.isoformat(),
        },
        "result": enrollment.result,
        # The decree that authorised the training, when its event has one. The event's name
        # is not printed: it usually names the prison.
        "decree": _decree(cohort),
        "units": units,
        "units_hours": sum(unit["hours"] for unit in units),
        **issuer_fields(cohort.agency, timezone.localdate(issued_at)),
        "photo": _photo(inmate) if cohort.agency.print_photo else None,
        "photo_frame": cohort.agency.print_photo,
        # The logo file as it was at issuance: a later re-rendering prints the same one.
        "logo": cohort.agency.logo.name or None,
        "verify_path": reverse("certificates:verify", args=[code]),
    }


def _decree(cohort) -> dict | None:
    event = cohort.event
    if event is None or not event.has_decree:
        return None
    return {"number": event.decree_number, "date": event.decree_date.isoformat()}


def _photo(inmate) -> str | None:
    """Return the holder's pas foto as a data URL, frozen into the certificate."""
    content = photo_bytes(inmate)
    return pdf.image_data_url(content, "image/jpeg") if content else None


def agency_logo_data_url(agency: PartnerAgency) -> str | None:
    """Return the agency's stored logo as a data URL, or None."""
    return logo_data_url(agency.logo.name or None)


def logo_data_url(name: str | None) -> str | None:
    """Return a stored logo file as a data URL; None without a name or when it is gone."""
    if not name or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        return pdf.image_data_url(handle.read(), "image/png")


def snapshot_logo_name(certificate: Certificate) -> str | None:
    """Return the logo file a certificate prints: frozen in its snapshot, or (for snapshots
    older than that) the agency's current one."""
    if "logo" in certificate.snapshot:
        return certificate.snapshot["logo"]
    return certificate.agency.logo.name or None


def _short_of_program(snapshot: dict) -> bool:
    """Return whether the certificate states fewer JP than its program's (a written decision)."""
    program = snapshot["program"]
    return bool(program.get("planned_hours")) and program["hours"] < program["planned_hours"]


def render_inputs(certificate: Certificate, *, logo: str | None) -> dict:
    """Return what the PDF template needs for one certificate: its snapshot, QR and logo."""
    verify_url = settings.SITE_URL + certificate.snapshot["verify_path"]
    return {
        # Snapshots frozen before the result was printed: every certificate was issued to K.
        "result": "K",
        **certificate.snapshot,
        "competency": certificate.snapshot["kind"] == Program.CertificateKind.COMPETENCY,
        "short_of_program": _short_of_program(certificate.snapshot),
        "verify_url": verify_url,
        "qr": pdf.qr_data_url(verify_url),
        "logo": logo,
    }


def receipt_inputs(*, ceremony, certificates: list[Certificate]) -> dict:
    """Return what the handover receipt prints: the occasion, the officials, one row a holder.

    An event's receipt names the program of each row and counts the certificates per program.
    """
    agency = ceremony.agency
    programs: dict[str, int] = {}
    for certificate in certificates:
        name = certificate.snapshot["program"]["name"]
        programs[name] = programs.get(name, 0) + 1
    return {
        "title": ceremony.event.name if ceremony.event else ceremony.cohort.program.name,
        "by_program": ceremony.event is not None,
        "per_program": list(programs.items()),
        "agency": agency.name,
        "date": ceremony.date.isoformat(),
        "place": ceremony.place,
        "head_title": agency.head_title,
        "head_name": agency.head_name,
        "head_rank": agency.head_rank,
        "head_nip": agency.head_nip,
        "officials": [line.strip() for line in ceremony.officials.splitlines() if line.strip()],
        "rows": [
            {
                "number": c.number,
                "name": c.snapshot["holder"]["name"],
                "program": c.snapshot["program"]["name"],
            }
            for c in certificates
        ],
    }


def sample_render_inputs(*, agency: PartnerAgency) -> dict:
    """Return a made-up certificate in the agency's current layout, for its preview."""
    today = timezone.localdate()
    number = format_number(
        agency.certificate_number_format,
        seq=7,
        agency=agency.code,
        program="LAS",
        month=today.month,
        year=today.year,
    )
    verify_url = settings.SITE_URL + "/v/CONTOH"
    return {
        "number": number,
        "kind": Program.CertificateKind.TRAINING,
        "competency": False,
        "result": "K",
        "holder": {"name": "Nama Peserta Contoh", "birth_place": "Lamongan", "birth_date": ""},
        "program": {"name": "Pengelasan SMAW", "code": "LAS", "hours": 60},
        "training": {"start": today.replace(day=1).isoformat(), "end": today.isoformat()},
        "decree": {"number": "560/000/CONTOH", "date": today.replace(day=1).isoformat()},
        "photo": None,
        "photo_frame": agency.print_photo,
        "units": SAMPLE_UNITS,
        "units_hours": sum(unit["hours"] for unit in SAMPLE_UNITS),
        **issuer_fields(agency, today),
        "verify_url": verify_url,
        "qr": pdf.qr_data_url(verify_url),
        "logo": agency_logo_data_url(agency),
    }

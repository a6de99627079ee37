"""Every write to certificates and ceremonies: issue, revoke, reissue, hand over."""

import hashlib
import io
import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from certificates import pdf, selectors
from certificates.models import Ceremony, CeremonyCertificate, Certificate, CertificateCounter
from lapas_training import rules
from lapas_training.audit import audit_log
from lapas_training.changes import apply_changes
from programs.models import Cohort, Enrollment, PartnerAgency
from programs.numbering import format_number

VERIFICATION_CODE_BYTES = 24  # 192 bits, 32 URL-safe characters
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 600


def new_verification_code() -> str:
    """Return a random, unguessable verification code."""
    return secrets.token_urlsafe(VERIFICATION_CODE_BYTES)


def allocate_numbers(*, agency: PartnerAgency, year: int, count: int) -> list[int]:
    """Take the next ``count`` sequence numbers of an agency's year, gap-free.

    Must run inside the caller's transaction: the counter row stays locked until it commits,
    so concurrent issuers wait for each other and never share or skip a number.
    """
    if count <= 0:
        return []
    try:
        with transaction.atomic():
            CertificateCounter.objects.get_or_create(agency=agency, year=year)
    except IntegrityError:
        pass  # Another issuer created this year's counter at the same moment.
    counter = CertificateCounter.objects.select_for_update().get(agency=agency, year=year)
    first = counter.last_sequence + 1
    counter.last_sequence += count
    counter.save(update_fields=["last_sequence"])
    return list(range(first, first + count))


def _issuer_fields(agency: PartnerAgency, issued_on: date) -> dict:
    """Return the printed fields that come from the issuing agency."""
    second = None
    if agency.second_signatory_name:
        second = {
            "name": agency.second_signatory_name,
            "title": agency.second_signatory_title,
            "nip": agency.second_signatory_nip,
        }
    return {
        "agency": {
            "name": agency.name,
            "code": agency.code,
            "address": agency.address,
            "city": agency.city,
        },
        "issued": {
            "place": agency.city.removeprefix("Kabupaten ").removeprefix("Kota "),
            "date": issued_on.isoformat(),
        },
        "signatories": {
            "head": {"name": agency.head_name, "title": agency.head_title, "nip": agency.head_nip},
            "second": second,
        },
    }


def program_units(program) -> list[dict]:
    """Return a program's competency units as printed, in order."""
    return [
        {"code": unit.code, "title": unit.title, "hours": unit.hours}
        for unit in program.units.all()
    ]


def build_snapshot(
    *, enrollment: Enrollment, number: str, code: str, issued_at, units: list[dict]
) -> dict:
    """Freeze every printed field of a certificate at issuance."""
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
        "program": {"name": program.name, "code": program.code, "hours": program.hours},
        "training": {
            "start": cohort.start_date.isoformat(),
            "end": cohort.end_date.isoformat(),
        },
        "units": units,
        "units_hours": sum(unit["hours"] for unit in units),
        **_issuer_fields(cohort.agency, timezone.localdate(issued_at)),
        "verify_path": reverse("certificates:verify", args=[code]),
    }


def render_inputs(certificate: Certificate, *, logo: str | None) -> dict:
    """Return what the PDF template needs for one certificate: its snapshot, QR and logo."""
    verify_url = settings.SITE_URL + certificate.snapshot["verify_path"]
    return {
        **certificate.snapshot,
        "verify_url": verify_url,
        "qr": pdf.qr_data_url(verify_url),
        "logo": logo,
    }


def agency_logo_data_url(agency: PartnerAgency) -> str | None:
    """Return the agency's stored logo as a data URL, or None."""
    if not agency.logo:
        return None
    with agency.logo.open("rb") as handle:
        return pdf.image_data_url(handle.read(), "image/png")


def _store_pdf(certificate: Certificate, content: bytes) -> None:
    certificate.pdf_sha256 = hashlib.sha256(content).hexdigest()
    name = f"{certificate.agency.code}/{certificate.year}/{certificate.sequence:05d}.pdf"
    certificate.pdf.save(name, ContentFile(content), save=False)
    certificate.save(update_fields=["pdf", "pdf_sha256"])


def _issue(*, actor, enrollments: list[Enrollment], agency: PartnerAgency) -> list[Certificate]:
    """Number, snapshot, render and store certificates for these enrollments."""
    issued_at = timezone.now()
    year = timezone.localdate(issued_at).year
    month = timezone.localdate(issued_at).month
    sequences = allocate_numbers(agency=agency, year=year, count=len(enrollments))
    units_by_program: dict[int, list[dict]] = {}
    certificates = []
    for enrollment, sequence in zip(enrollments, sequences, strict=True):
        program = enrollment.cohort.program
        if program.pk not in units_by_program:
            units_by_program[program.pk] = program_units(program)
        code = new_verification_code()
        number = format_number(
            agency.certificate_number_format,
            seq=sequence,
            agency=agency.code,
            program=enrollment.cohort.program.code,
            month=month,
            year=year,
        )
        certificate = Certificate(
            enrollment=enrollment,
            agency=agency,
            year=year,
            sequence=sequence,
            number=number,
            verification_code=code,
            issued_at=issued_at,
            issued_by=actor,
            snapshot=build_snapshot(
                enrollment=enrollment,
                number=number,
                code=code,
                issued_at=issued_at,
                units=units_by_program[enrollment.cohort.program_id],
            ),
        )
        certificate.full_clean(exclude=["pdf", "enrollment"], validate_constraints=False)
        certificates.append(certificate)
    Certificate.objects.bulk_create(certificates)
    logo = agency_logo_data_url(agency)
    rendered = pdf.render_batch(
        [render_inputs(c, logo=logo) for c in certificates], with_batch=False
    )
    for certificate, content in zip(certificates, rendered.singles, strict=True):
        _store_pdf(certificate, content)
    return certificates


@transaction.atomic
def certificates_issue(*, actor, cohort: Cohort) -> list[Certificate]:
    """Issue a certificate to every qualifying participant of a closed cohort, once.

    Running it again issues nothing twice: participants who already hold a valid or revoked
    certificate are skipped (a correction goes through ``certificate_reissue``).
    """
    cohort = (
        Cohort.objects.select_for_update().select_related("agency", "program").get(pk=cohort.pk)
    )
    if not rules.can_issue_certificates(actor, cohort):
        raise ValidationError(_("Hanya admin instansi penerbit yang dapat menerbitkan sertifikat."))
    if cohort.status != Cohort.Status.CLOSED:
        raise ValidationError(_("Sertifikat hanya dapat diterbitkan untuk angkatan yang ditutup."))
    qualifying = [row.enrollment for row in selectors.issuance_preview(cohort=cohort) if row.ok]
    certificates = _issue(actor=actor, enrollments=qualifying, agency=cohort.agency)
    for certificate in certificates:
        audit_log(
            action="certificate.issued",
            actor=actor,
            obj=certificate,
            data={"number": certificate.number, "enrollment": certificate.enrollment_id},
        )
    return certificates


@transaction.atomic
def certificate_revoke(*, actor, certificate: Certificate, reason: str) -> Certificate:
    """Revoke a valid certificate with a reason; it stays, and its page says so."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan pencabutan wajib diisi.")})
    certificate = (
        Certificate.objects.select_for_update()
        .select_related("enrollment__cohort")
        .get(pk=certificate.pk)
    )
    if not rules.can_issue_certificates(actor, certificate.enrollment.cohort):
        raise ValidationError(_("Hanya admin instansi penerbit yang dapat mencabut sertifikat."))
    if certificate.status != Certificate.Status.VALID:
        raise ValidationError(_("Hanya sertifikat yang sah yang dapat dicabut."))
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = actor
    certificate.revocation_reason = reason
    certificate.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason"])
    audit_log(action="certificate.revoked", actor=actor, obj=certificate, data={"reason": reason})
    return certificate


@transaction.atomic
def certificate_reissue(*, actor, certificate: Certificate, reason: str) -> Certificate:
    """Correct a certificate: a new one (new number and code) from today's data supersedes it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan koreksi wajib diisi.")})
    old = (
        Certificate.objects.select_for_update()
        .select_related("agency", "enrollment__cohort")
        .get(pk=certificate.pk)
    )
    cohort = old.enrollment.cohort
    if not rules.can_issue_certificates(actor, cohort):
        raise ValidationError(_("Hanya admin instansi penerbit yang dapat mengoreksi sertifikat."))
    if old.status != Certificate.Status.VALID:
        raise ValidationError(_("Hanya sertifikat yang sah yang dapat dikoreksi."))
    if cohort.status != Cohort.Status.CLOSED:
        raise ValidationError(_("Sertifikat hanya dapat diterbitkan untuk angkatan yang ditutup."))
    (row,) = [
        row
        for row in selectors.issuance_preview(cohort=cohort)
        if row.enrollment.pk == old.enrollment_id
    ]
    if row.reasons:
        raise ValidationError(
            _("Peserta ini tidak lagi memenuhi syarat: %(reasons)s")
            % {"reasons": " ".join(row.reasons)}
        )
    enrollment = row.enrollment
    # The old one gives up its place as the valid certificate first.
    old.status = Certificate.Status.SUPERSEDED
    old.save(update_fields=["status"])
    (new,) = _issue(actor=actor, enrollments=[enrollment], agency=old.agency)
    old.superseded_by = new
    old.save(update_fields=["superseded_by"])
    audit_log(
        action="certificate.superseded",
        actor=actor,
        obj=old,
        data={"reason": reason, "replacement": new.number},
    )
    audit_log(
        action="certificate.issued",
        actor=actor,
        obj=new,
        data={"number": new.number, "supersedes": old.number, "reason": reason},
    )
    return new


def record_download(*, actor, certificate: Certificate) -> None:
    """Write the audit event of a certificate's PDF being downloaded."""
    audit_log(
        action="certificate.downloaded",
        actor=actor,
        obj=certificate,
        data={"number": certificate.number, "sha256": certificate.pdf_sha256},
    )


@transaction.atomic
def ceremony_create(
    *,
    actor,
    cohort: Cohort,
    date: date,
    place: str,
    officials: str = "",
    order: list[int] | None = None,
) -> Ceremony:
    """Plan the handover of a cohort's valid certificates and store its print PDF.

    ``order`` lists certificate ids in handover order; by default, by the holders' names.
    """
    if not rules.can_issue_certificates(actor, cohort):
        raise ValidationError(_("Hanya admin instansi penerbit yang dapat menyiapkan penyerahan."))
    place = place.strip()
    if not place:
        raise ValidationError({"place": _("Tempat penyerahan wajib diisi.")})
    valid = {
        c.pk: c
        for c in Certificate.objects.filter(
            enrollment__cohort=cohort, status=Certificate.Status.VALID
        ).select_related("agency")
    }
    if not valid:
        raise ValidationError(_("Belum ada sertifikat sah untuk angkatan ini."))
    if order is None:
        order = [
            c.pk for c in sorted(valid.values(), key=lambda c: (c.snapshot["holder"]["name"], c.pk))
        ]
    if sorted(order) != sorted(valid):
        raise ValidationError(
            {"order": _("Urutan penyerahan harus memuat setiap sertifikat sah tepat satu kali.")}
        )
    ceremony = Ceremony(
        cohort=cohort, date=date, place=place, officials=officials.strip(), created_by=actor
    )
    ceremony.full_clean(exclude=["pdf"])
    ceremony.save()
    CeremonyCertificate.objects.bulk_create(
        CeremonyCertificate(ceremony=ceremony, certificate_id=pk, position=position)
        for position, pk in enumerate(order, start=1)
    )
    ordered = [valid[pk] for pk in order]
    agency = cohort.agency
    logo = agency_logo_data_url(agency)
    receipt = {
        "program": cohort.program.name,
        "agency": agency.name,
        "date": date.isoformat(),
        "place": place,
        "head_title": agency.head_title,
        "head_name": agency.head_name,
        "head_nip": agency.head_nip,
        "officials": [line.strip() for line in ceremony.officials.splitlines() if line.strip()],
        "rows": [{"number": c.number, "name": c.snapshot["holder"]["name"]} for c in ordered],
    }
    rendered = pdf.render_batch(
        [render_inputs(c, logo=logo) for c in ordered], receipt=receipt, with_singles=False
    )
    ceremony.pdf_sha256 = hashlib.sha256(rendered.pdf).hexdigest()
    ceremony.pdf.save(
        f"{agency.code}/ceremony-{ceremony.pk}.pdf", ContentFile(rendered.pdf), save=False
    )
    ceremony.save(update_fields=["pdf", "pdf_sha256"])
    audit_log(
        action="ceremony.created",
        actor=actor,
        obj=ceremony,
        data={"certificates": len(ordered), "sha256": ceremony.pdf_sha256},
    )
    return ceremony


def record_ceremony_print(*, actor, ceremony: Ceremony) -> None:
    """Write the audit events of a ceremony's combined PDF being downloaded for printing."""
    numbers = list(
        ceremony.items.order_by("position").values_list("certificate__number", flat=True)
    )
    audit_log(
        action="certificate.printed",
        actor=actor,
        obj=ceremony,
        data={"numbers": numbers, "sha256": ceremony.pdf_sha256},
    )


@transaction.atomic
def agency_update_settings(*, actor, agency: PartnerAgency, logo_file=None, **changes):
    """Change an agency's signatories, number format or logo (re-encoded as a small PNG)."""
    allowed = {
        "address",
        "city",
        "head_name",
        "head_title",
        "head_nip",
        "second_signatory_name",
        "second_signatory_title",
        "second_signatory_nip",
        "certificate_number_format",
    }
    if set(changes) - allowed:
        raise TypeError(f"agency_update_settings does not change {sorted(set(changes) - allowed)}")
    agency = PartnerAgency.objects.select_for_update().get(pk=agency.pk)
    changed = apply_changes(agency, changes)
    agency.full_clean(exclude=["logo"])
    if logo_file is not None:
        png = reencode_logo(logo_file)
        agency.logo.save(f"{agency.code}.png", ContentFile(png), save=False)
        changed["logo"] = {"sha256": hashlib.sha256(png).hexdigest()}
    if changed:
        agency.save()
        audit_log(action="agency.settings_changed", actor=actor, obj=agency, data=changed)
    return agency


def reencode_logo(upload) -> bytes:
    """Return an uploaded PNG or JPEG re-encoded as a PNG of at most 600 px a side.

    Re-encoding drops anything but pixels; a file that is not a real image is refused.
    """
    if upload.size > MAX_LOGO_BYTES:
        raise ValidationError({"logo": _("Logo terlalu besar (maksimal 2 MB).")})
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in {"PNG", "JPEG"}:
                raise ValidationError({"logo": _("Logo harus berkas PNG atau JPEG.")})
            if probe.width * probe.height > 40_000_000:
                raise ValidationError({"logo": _("Ukuran gambar logo terlalu besar.")})
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = image.convert("RGBA")
            image.thumbnail((MAX_LOGO_PIXELS, MAX_LOGO_PIXELS))
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            {"logo": _("Berkas ini bukan gambar PNG atau JPEG yang valid.")}
        ) from exc
    return out.getvalue()


SAMPLE_UNITS = [
    {"code": "CONTOH.01", "title": "Menerapkan keselamatan dan kesehatan kerja", "hours": 8},
    {"code": "CONTOH.02", "title": "Membaca gambar kerja", "hours": 12},
    {"code": "CONTOH.03", "title": "Melaksanakan pekerjaan sesuai standar", "hours": 40},
]


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
        "kind": "competency",
        "holder": {"name": "Nama Peserta Contoh", "birth_place": "Lamongan", "birth_date": ""},
        "program": {"name": "Pengelasan SMAW", "code": "LAS", "hours": 60},
        "training": {"start": today.replace(day=1).isoformat(), "end": today.isoformat()},
        "units": SAMPLE_UNITS,
        "units_hours": sum(unit["hours"] for unit in SAMPLE_UNITS),
        **_issuer_fields(agency, today),
        "verify_url": verify_url,
        "qr": pdf.qr_data_url(verify_url),
        "logo": agency_logo_data_url(agency),
    }

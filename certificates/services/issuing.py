"""Writes of certificates: number and issue, revoke, correct by reissuing, record downloads."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates import documents, selectors
from certificates.models import Certificate, CertificateCounter, HoursDecision
from certificates.services import rendering
from lapas_training import rules
from lapas_training.audit import audit_log
from lapas_training.models import User
from programs.models import Cohort, Enrollment, PartnerAgency
from programs.numbering import format_number

VERIFICATION_CODE_BYTES = 24  # 192 bits, 32 URL-safe characters


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


def _issue(
    *,
    actor: User,
    enrollments: list[Enrollment],
    agency: PartnerAgency,
    hours: int,
    expected_first: int | None = None,
) -> list[Certificate]:
    """Number and snapshot certificates for these enrollments; their PDFs follow the commit.

    With ``expected_first``, refuse (and roll back) unless the numbers start there.
    """
    issued_at = timezone.now()
    year = timezone.localdate(issued_at).year
    month = timezone.localdate(issued_at).month
    sequences = allocate_numbers(agency=agency, year=year, count=len(enrollments))
    if sequences and expected_first is not None and sequences[0] != expected_first:
        raise ValidationError(
            _(
                "Nomor sertifikat berubah sejak halaman konfirmasi dibuka (instansi baru saja "
                "menerbitkan sertifikat lain). Periksa lagi."
            )
        )
    units_by_program: dict[int, list[dict]] = {}
    certificates = []
    for enrollment, sequence in zip(enrollments, sequences, strict=True):
        program = enrollment.cohort.program
        if program.pk not in units_by_program:
            units_by_program[program.pk] = documents.program_units(program)
        code = new_verification_code()
        number = format_number(
            agency.certificate_number_format,
            seq=sequence,
            agency=agency.code,
            program=program.code,
            month=month,
            year=year,
        )
        certificate = Certificate(
            enrollment=enrollment,
            cohort_id=enrollment.cohort_id,
            agency=agency,
            year=year,
            sequence=sequence,
            number=number,
            verification_code=code,
            issued_at=issued_at,
            issued_by=actor,
            snapshot=documents.build_snapshot(
                enrollment=enrollment,
                number=number,
                code=code,
                issued_at=issued_at,
                units=units_by_program[program.pk],
                hours=hours,
            ),
        )
        certificate.full_clean(exclude=["pdf", "enrollment", "cohort"], validate_constraints=False)
        certificates.append(certificate)
    Certificate.objects.bulk_create(certificates)
    rendering.schedule_certificates([c.pk for c in certificates])
    return certificates


def _printed_hours(cohort: Cohort) -> int:
    """Return the JP the cohort's certificates state, or refuse while a decision is missing."""
    plan = selectors.hours_plan(cohort=cohort)
    if plan.printed is None:
        raise ValidationError(
            _(
                "Sesi yang terlaksana memberikan %(delivered)s JP, kurang %(shortfall)s JP dari "
                "%(program)s JP program. Jadwalkan JP yang kurang, atau putuskan dengan alasan "
                "tertulis untuk mencantumkan JP yang terlaksana."
            )
            % {
                "delivered": plan.hours.delivered,
                "shortfall": plan.hours.shortfall,
                "program": plan.hours.program,
            }
        )
    return plan.printed


@transaction.atomic
def certificates_issue(
    *,
    actor: User,
    cohort: Cohort,
    expected: list[int] | None = None,
    expected_hours: int | None = None,
    expected_first: int | None = None,
) -> list[Certificate]:
    """Issue a certificate to every qualifying participant of a closed cohort, once.

    Running it again issues nothing twice: participants who already hold a valid or revoked
    certificate are skipped (a correction goes through ``certificate_reissue``). The
    confirmation page sends what it showed: ``expected`` enrollment ids, ``expected_hours``
    and the ``expected_first`` sequence number; if any of them changed since (a double submit,
    another issuance, an edited program), nothing is issued.
    """
    cohort = (
        Cohort.objects.select_for_update().select_related("agency", "program").get(pk=cohort.pk)
    )
    if not rules.can_issue_certificates(actor, cohort):
        raise ValidationError(_("Hanya admin instansi penerbit yang dapat menerbitkan sertifikat."))
    if not cohort.is_closed:
        raise ValidationError(_("Sertifikat hanya dapat diterbitkan untuk angkatan yang ditutup."))
    qualifying = [
        row.enrollment for row in selectors.issuance_preview(cohort=cohort) if row.to_issue
    ]
    if expected is not None and sorted(expected) != sorted(e.pk for e in qualifying):
        if not qualifying:
            raise ValidationError(_("Sertifikat untuk peserta ini sudah diterbitkan."))
        raise ValidationError(
            _("Daftar penerima berubah sejak halaman konfirmasi dibuka. Periksa lagi.")
        )
    hours = _printed_hours(cohort)
    if expected_hours is not None and hours != expected_hours:
        raise ValidationError(
            _("JP yang akan dicantumkan berubah sejak halaman konfirmasi dibuka. Periksa lagi.")
        )
    certificates = _issue(
        actor=actor,
        enrollments=qualifying,
        agency=cohort.agency,
        hours=hours,
        expected_first=expected_first,
    )
    for certificate in certificates:
        audit_log(
            action="certificate.issued",
            actor=actor,
            obj=certificate,
            data={
                "number": certificate.number,
                "enrollment": certificate.enrollment_id,
                "hours": hours,
            },
        )
    return certificates


@transaction.atomic
def hours_decision_record(*, actor: User, cohort: Cohort, reason: str) -> HoursDecision:
    """Decide in writing that a closed cohort's certificates state the hours it delivered.

    Only when the held sessions delivered fewer JP than the program's; audited.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan keputusan wajib diisi.")})
    cohort = Cohort.objects.select_for_update().select_related("program").get(pk=cohort.pk)
    if not rules.can_issue_certificates(actor, cohort):
        raise ValidationError(_("Hanya admin instansi penerbit yang dapat memutuskan JP."))
    if not cohort.is_closed:
        raise ValidationError(_("JP diputuskan setelah angkatan ditutup."))
    hours = selectors.hours_plan(cohort=cohort).hours
    if not hours.shortfall:
        raise ValidationError(_("Sesi yang terlaksana sudah memenuhi JP program."))
    decision = HoursDecision(
        cohort=cohort,
        program_hours=hours.program,
        delivered_hours=hours.delivered,
        reason=reason,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    decision.full_clean()
    decision.save()
    audit_log(
        action="certificate.hours_decided",
        actor=actor,
        obj=cohort,
        data={"program": hours.program, "delivered": hours.delivered, "reason": reason},
    )
    return decision


@transaction.atomic
def certificate_revoke(*, actor: User, certificate: Certificate, reason: str) -> Certificate:
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
    if not certificate.is_valid:
        raise ValidationError(_("Hanya sertifikat yang sah yang dapat dicabut."))
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = actor
    certificate.revocation_reason = reason
    certificate.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason"])
    audit_log(action="certificate.revoked", actor=actor, obj=certificate, data={"reason": reason})
    return certificate


@transaction.atomic
def certificate_reissue(*, actor: User, certificate: Certificate, reason: str) -> Certificate:
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
    if not old.is_valid:
        raise ValidationError(_("Hanya sertifikat yang sah yang dapat dikoreksi."))
    if not cohort.is_closed:
        raise ValidationError(_("Sertifikat hanya dapat diterbitkan untuk angkatan yang ditutup."))
    (row,) = [
        row
        for row in selectors.issuance_preview(cohort=cohort)
        if row.enrollment.pk == old.enrollment_id
    ]
    if row.blocks:
        raise ValidationError(
            _("Peserta ini tidak lagi memenuhi syarat: %(reasons)s")
            % {"reasons": " ".join(row.blocks)}
        )
    hours = _printed_hours(cohort)
    # The old one gives up its place as the valid certificate first.
    old.status = Certificate.Status.SUPERSEDED
    old.save(update_fields=["status"])
    (new,) = _issue(actor=actor, enrollments=[row.enrollment], agency=old.agency, hours=hours)
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


def record_download(*, actor: User, certificate: Certificate) -> None:
    """Write the audit event of a certificate's PDF being downloaded."""
    audit_log(
        action="certificate.downloaded",
        actor=actor,
        obj=certificate,
        data={"number": certificate.number, "sha256": certificate.pdf_sha256},
    )


def refuse_reopening_with_valid_certificates(*, cohort: Cohort, **signal_kwargs) -> None:
    """Keep a cohort closed while a valid certificate stands on one of its results.

    Connected to ``programs.signals.cohort_reopening``.
    """
    if selectors.cohort_has_valid_certificates(cohort=cohort):
        raise ValidationError(
            _(
                "Angkatan ini sudah memiliki sertifikat yang sah. Cabut sertifikat yang "
                "hasilnya akan diubah sebelum membuka kembali."
            )
        )

"""Writes of competency tests: plan one, record results by hand or from the LSP's sheet,
record the BNSP certificate when it arrives."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competency import sheets
from competency.models import (
    Assessee,
    AssesseeUnitResult,
    Assessor,
    BnspCertificate,
    CompetencyTest,
    ResultSheet,
)
from inmates.models import Facility
from lapas_training.audit import audit_log
from lapas_training.models import User
from programs.models import Cohort, Enrollment, PartnerAgency, StandardUnit

VALIDITY_YEARS = 3  # a BNSP certificate is usually valid for three years


@transaction.atomic
def competency_test_create(
    *,
    actor: User,
    facility: Facility,
    lsp: PartnerAgency,
    scheme_name: str,
    scheme_number: str,
    units: list[StandardUnit],
    site: str,
    date: date,
    cohorts: list[Cohort],
    assessors: list[tuple[str, str]],
) -> CompetencyTest:
    """Register the competent participants of these cohorts for an LSP's test on a scheme."""
    errors = {}
    if lsp.kind != PartnerAgency.Kind.LSP:
        errors["lsp"] = _("Pilih lembaga berjenis LSP.")
    if not units:
        errors["units"] = _("Pilih paling sedikit satu unit kompetensi skema.")
    if not cohorts:
        errors["cohorts"] = _("Pilih paling sedikit satu angkatan.")
    elif any(c.facility_id != facility.pk for c in cohorts):
        errors["cohorts"] = _("Semua angkatan harus dari UPT yang sama.")
    if not assessors:
        errors["assessors"] = _("Isi paling sedikit satu asesor beserta nomor registrasinya.")
    if errors:
        raise ValidationError(errors)
    test = CompetencyTest(
        lsp=lsp,
        facility=facility,
        scheme_name=scheme_name.strip(),
        scheme_number=scheme_number.strip(),
        site=site.strip(),
        date=date,
        created_by=actor,
    )
    test.full_clean()
    test.save()
    test.cohorts.set(cohorts)
    test.units.set(units)
    Assessor.objects.bulk_create(
        Assessor(test=test, name=name, registration_number=number) for name, number in assessors
    )
    # Those who finished the training competent sit the test.
    competent = Enrollment.objects.filter(
        cohort__in=cohorts, status=Enrollment.Status.COMPLETED, result=Enrollment.Result.COMPETENT
    )
    Assessee.objects.bulk_create(Assessee(test=test, enrollment=e) for e in competent)
    audit_log(
        action="competency_test.created",
        actor=actor,
        obj=test,
        data={
            "lsp": lsp.code,
            "scheme": test.scheme_number,
            "cohorts": sorted(c.pk for c in cohorts),
            "assessees": competent.count(),
        },
    )
    return test


@dataclass
class TestResult:
    """One assessee's result as the LSP recorded it: K/BK, and per unit."""

    result: str
    units: dict[int, str] = field(default_factory=dict)


def _apply(assessee: Assessee, entry: TestResult, *, actor: User, now) -> bool:
    """Set one assessee's results; return whether anything changed.

    ``entry.units`` is the whole set: a unit left out was not assessed, and loses its result.
    """
    before = {r.unit_id: r for r in assessee.unit_results.all()}
    cleared = [r.pk for unit_id, r in before.items() if unit_id not in entry.units]
    if cleared:
        AssesseeUnitResult.objects.filter(pk__in=cleared).delete()
    changed = bool(cleared) or assessee.result != entry.result
    if changed:
        assessee.result = entry.result
        assessee.recorded_by, assessee.recorded_at = actor, now
        assessee.save(update_fields=["result", "recorded_by", "recorded_at"])
    for unit_id, verdict in entry.units.items():
        current = before.get(unit_id)
        if current is None:
            AssesseeUnitResult.objects.create(assessee=assessee, unit_id=unit_id, result=verdict)
            changed = True
        elif current.result != verdict:
            current.result = verdict
            current.save(update_fields=["result"])
            changed = True
    return changed


def _check(test: CompetencyTest, results: dict[int, TestResult]) -> dict[int, Assessee]:
    assessees = {
        a.pk: a
        for a in test.assessees.select_related("bnsp_certificate").prefetch_related("unit_results")
    }
    unit_ids = set(test.units.values_list("pk", flat=True))
    for pk, entry in results.items():
        if pk not in assessees:
            raise ValidationError(_("Asesi tidak terdaftar pada uji ini."))
        if entry.result not in {"K", "BK"}:
            raise ValidationError(_("Hasil harus K atau BK."))
        if set(entry.units) - unit_ids or set(entry.units.values()) - {"K", "BK"}:
            raise ValidationError(_("Hasil unit tidak sesuai dengan skema."))
        if entry.result == "K" and "BK" in entry.units.values():
            raise ValidationError(_("Hasil K tidak mungkin bila ada unit BK."))
        if entry.result != "K" and hasattr(assessees[pk], "bnsp_certificate"):
            raise ValidationError(
                {
                    str(pk): _(
                        "Sertifikat BNSP asesi ini sudah dicatat: hasilnya tetap K. Bila LSP "
                        "mencabutnya, hubungi administrator sistem."
                    )
                }
            )
    return assessees


@transaction.atomic
def competency_results_record(
    *, actor: User, test: CompetencyTest, results: dict[int, TestResult]
) -> int:
    """Record results by assessee id, all or none; return how many assessees changed."""
    test = CompetencyTest.objects.select_for_update().get(pk=test.pk)
    assessees = _check(test, results)
    now = timezone.now()
    changed = sum(
        _apply(assessees[pk], entry, actor=actor, now=now) for pk, entry in results.items()
    )
    if changed:
        audit_log(
            action="competency_test.results_recorded",
            actor=actor,
            obj=test,
            data={"changed": changed},
        )
    return changed


@transaction.atomic
def result_sheet_upload(
    *, actor: User, test: CompetencyTest, file_name: str, content: bytes
) -> ResultSheet:
    """Keep an LSP's result sheet for its preview; a file that cannot be read is refused."""
    rows = sheets.read_results(test=test, file_name=file_name, content=content)  # may raise
    sheet = ResultSheet.objects.create(
        test=test, file_name=file_name[:255], content=content, uploaded_by=actor
    )
    audit_log(
        action="competency_test.sheet_uploaded",
        actor=actor,
        obj=test,
        data={"file": sheet.file_name, "rows": len(rows), "sheet": sheet.pk},
    )
    return sheet


@transaction.atomic
def result_sheet_apply(*, actor: User, sheet: ResultSheet) -> int:
    """Apply a previewed sheet: every row or none; applying it again changes nothing."""
    sheet = ResultSheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.applied_at is not None:
        raise ValidationError(_("Lembar hasil ini sudah diterapkan."))
    if sheet.test.result_sheets.filter(
        applied_at__isnull=False, uploaded_at__gt=sheet.uploaded_at
    ).exists():
        raise ValidationError(_("Lembar yang lebih baru sudah diterapkan; unggah lagi bila perlu."))
    rows = sheets.read_results(
        test=sheet.test, file_name=sheet.file_name, content=bytes(sheet.content)
    )
    if any(row.errors for row in rows):
        raise ValidationError(_("Perbaiki baris yang salah, lalu unggah lagi."))
    changed = competency_results_record(
        actor=actor,
        test=sheet.test,
        results={row.assessee.pk: TestResult(row.result, row.units) for row in rows},
    )
    # The sheet held the LSP's copy of the assessees' NIK and birth data: keep no copy.
    sheet.applied_at, sheet.content = timezone.now(), b""
    sheet.save(update_fields=["applied_at", "content"])
    audit_log(
        action="competency_test.sheet_applied",
        actor=actor,
        obj=sheet.test,
        data={"file": sheet.file_name, "rows": len(rows), "changed": changed},
    )
    return changed


@transaction.atomic
def bnsp_certificate_record(
    *,
    actor: User,
    assessee: Assessee,
    number: str,
    blanko_number: str,
    issued_on: date,
    valid_until: date | None = None,
) -> BnspCertificate:
    """Record the BNSP certificate an LSP issued to a competent assessee (three years valid)."""
    assessee = Assessee.objects.select_for_update().get(pk=assessee.pk)
    if assessee.result != Assessee.Result.COMPETENT:
        raise ValidationError(_("Sertifikat BNSP hanya untuk asesi yang kompeten (K)."))
    if hasattr(assessee, "bnsp_certificate"):
        raise ValidationError(_("Sertifikat BNSP asesi ini sudah dicatat."))
    if valid_until is None:
        try:
            valid_until = issued_on.replace(year=issued_on.year + VALIDITY_YEARS)
        except ValueError:  # 29 February
            valid_until = issued_on.replace(year=issued_on.year + VALIDITY_YEARS, day=28)
    certificate = BnspCertificate(
        assessee=assessee,
        number=number.strip(),
        blanko_number=blanko_number.strip(),
        issued_on=issued_on,
        valid_until=valid_until,
        recorded_by=actor,
    )
    certificate.full_clean()
    certificate.save()
    audit_log(
        action="bnsp_certificate.recorded",
        actor=actor,
        obj=assessee.test,
        data={"assessee": assessee.code, "number": certificate.number},
    )
    return certificate

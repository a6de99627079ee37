"""The training part of the report: enrollments with attendance and unit results,
certificates, their ceremonies, competency tests and BNSP certificates."""

from collections import defaultdict

from certificates.models import CeremonyCertificate, Certificate
from competency.models import Assessee
from inmates.models import Inmate
from privacy.selectors.subject.values import iso, number, who
from programs.models import Attendance, Enrollment, UnitResult


def _attendance_by_enrollment(inmate: Inmate) -> dict[int, list[dict]]:
    rows = (
        Attendance.objects.filter(enrollment__inmate=inmate)
        .select_related("session", "recorded_by")
        .order_by("session__date", "session__start_time", "id")
    )
    found = defaultdict(list)
    for a in rows:
        found[a.enrollment_id].append(
            {
                "session_id": a.session_id,
                "date": iso(a.session.date),
                "start_time": a.session.start_time.strftime("%H:%M"),
                "end_time": a.session.end_time.strftime("%H:%M"),
                "topic": a.session.topic,
                "status": a.status,
                "status_label": str(a.get_status_display()),
                "note": a.note,
                "recorded_by": who(a.recorded_by),
                "recorded_at": iso(a.recorded_at),
            }
        )
    return found


def _unit_results_by_enrollment(inmate: Inmate) -> dict[int, list[dict]]:
    rows = UnitResult.objects.filter(enrollment__inmate=inmate).select_related("unit")
    found = defaultdict(list)
    for r in rows.order_by("enrollment_id", "unit__position"):
        found[r.enrollment_id].append(
            {"code": r.unit.code, "title": r.unit.title, "result": r.result}
        )
    return found


def enrollments(inmate: Inmate) -> list[dict]:
    rows = (
        Enrollment.objects.filter(inmate=inmate)
        .select_related(
            "cohort__program",
            "cohort__agency",
            "cohort__facility",
            "enrolled_by",
            "result_recorded_by",
        )
        .with_attendance()
        .order_by("cohort__start_date", "id")
    )
    attendance = _attendance_by_enrollment(inmate)
    units = _unit_results_by_enrollment(inmate)
    result = []
    for e in rows:
        cohort = e.cohort
        percent = e.attendance_percent
        result.append(
            {
                "id": e.pk,
                "cohort": {
                    "id": cohort.pk,
                    "name": cohort.name,
                    "program": cohort.program.name,
                    "program_code": cohort.program.code,
                    "agency": cohort.agency.name,
                    "facility": cohort.facility.name,
                    "place": cohort.place,
                    "start_date": iso(cohort.start_date),
                    "end_date": iso(cohort.end_date),
                    "status": cohort.status,
                },
                "status": e.status,
                "status_label": str(e.get_status_display()),
                "enrolled_at": iso(e.enrolled_at),
                "enrolled_by": who(e.enrolled_by),
                "override_reason": e.override_reason,
                "withdrawal_reason": e.withdrawal_reason,
                "withdrawal_reason_label": str(e.get_withdrawal_reason_display())
                if e.withdrawal_reason
                else "",
                "withdrawal_note": e.withdrawal_note,
                "withdrawn_at": iso(e.withdrawn_at),
                "result": e.result,
                "result_label": str(e.get_result_display()),
                "score": number(e.score),
                "assessor_notes": e.assessor_notes,
                "result_recorded_by": who(e.result_recorded_by),
                "result_recorded_at": iso(e.result_recorded_at),
                "sessions_held": e.sessions_held,
                "sessions_present": e.sessions_present,
                "attendance_percent": None if percent is None else round(percent, 1),
                "attendance": attendance.get(e.pk, []),
                "unit_results": units.get(e.pk, []),
            }
        )
    return result


def _snapshot(snapshot: dict) -> dict:
    """Return a certificate's printed data, its embedded photo named rather than copied."""
    printed = dict(snapshot)
    if "photo" in printed:
        printed["photo"] = bool(printed["photo"])
    return printed


def certificates(inmate: Inmate) -> list[dict]:
    rows = (
        Certificate.objects.filter(enrollment__inmate=inmate)
        .select_related("agency", "issued_by", "revoked_by", "superseded_by")
        .order_by("issued_at", "id")
    )
    return [
        {
            "id": c.pk,
            "enrollment_id": c.enrollment_id,
            "number": c.number,
            "status": c.status,
            "status_label": str(c.get_status_display()),
            "agency": c.agency.name,
            "issued_at": iso(c.issued_at),
            "issued_by": who(c.issued_by),
            "revoked_at": iso(c.revoked_at),
            "revoked_by": who(c.revoked_by),
            "revocation_reason": c.revocation_reason,
            "superseded_by": c.superseded_by.number if c.superseded_by else None,
            "snapshot": _snapshot(c.snapshot),
        }
        for c in rows
    ]


def ceremonies(inmate: Inmate) -> list[dict]:
    rows = (
        CeremonyCertificate.objects.filter(certificate__enrollment__inmate=inmate)
        .select_related("ceremony__agency", "certificate")
        .order_by("ceremony__date", "id")
    )
    return [
        {
            "ceremony_id": item.ceremony_id,
            "date": iso(item.ceremony.date),
            "place": item.ceremony.place,
            "agency": item.ceremony.agency.name,
            "certificate_number": item.certificate.number,
            "position": item.position,
        }
        for item in rows
    ]


def competency_tests(inmate: Inmate) -> list[dict]:
    rows = (
        Assessee.objects.filter(enrollment__inmate=inmate)
        .select_related("test__lsp", "recorded_by", "bnsp_certificate")
        .prefetch_related("unit_results__unit")
        .order_by("test__date", "id")
    )
    result = []
    for a in rows:
        bnsp = getattr(a, "bnsp_certificate", None)
        result.append(
            {
                "assessee_id": a.pk,
                "enrollment_id": a.enrollment_id,
                "lsp": a.test.lsp.name,
                "scheme_name": a.test.scheme_name,
                "scheme_number": a.test.scheme_number,
                "site": a.test.site,
                "date": iso(a.test.date),
                "result": a.result,
                "result_label": str(a.get_result_display()) if a.result else "",
                "recorded_by": who(a.recorded_by),
                "recorded_at": iso(a.recorded_at),
                "unit_results": [
                    {"code": r.unit.code, "title": r.unit.title, "result": r.result}
                    for r in sorted(a.unit_results.all(), key=lambda r: r.unit.code)
                ],
                "bnsp_certificate": None
                if bnsp is None
                else {
                    "number": bnsp.number,
                    "blanko_number": bnsp.blanko_number,
                    "issued_on": iso(bnsp.issued_on),
                    "valid_until": iso(bnsp.valid_until),
                },
            }
        )
    return result

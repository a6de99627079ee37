"""Everything the system holds about one inmate: the data subject report (UU PDP, access right).

One plain dictionary (text, numbers, ISO dates, stable keys) feeds both the JSON file and the
PDF. ``COVERED_MODELS`` names every model whose rows the report reads; a test fails when a
model with a foreign-key path to ``Inmate`` is missing from it.
"""

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from certificates.models import CeremonyCertificate, Certificate
from competency.models import Assessee
from inmates.models import Inmate, InmateCorrection, InmateImport
from lapas_training.models import AuditEvent
from programs.models import Attendance, Enrollment, UnitResult

SCHEMA = "pelatihan-wbp/laporan-data-pribadi/1"

# Every model that holds rows about an inmate, by ``app_label.model_name``.
COVERED_MODELS = frozenset(
    {
        "inmates.inmate",
        "inmates.inmatetransfer",
        "inmates.inmatecorrection",
        "programs.enrollment",
        "programs.attendance",
        "programs.unitresult",
        "certificates.certificate",
        "certificates.ceremonycertificate",
        "competency.assessee",
        "competency.assesseeunitresult",
        "competency.bnspcertificate",
    }
)


def _iso(value: date | datetime | None) -> str | None:
    """Return a date as ``YYYY-MM-DD``, a moment as ISO 8601 in local time, or None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _who(user) -> str | None:
    return str(user) if user is not None else None


def _number(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _register(inmate: Inmate) -> dict[str, Any]:
    return {
        "id": inmate.pk,
        "facility": {"code": inmate.facility.code, "name": inmate.facility.name},
        "registration_number": inmate.registration_number,
        "full_name": inmate.full_name,
        "birth_place": inmate.birth_place,
        "birth_date": _iso(inmate.birth_date),
        "sex": inmate.sex,
        "sex_label": str(inmate.get_sex_display()),
        "nik": inmate.nik,
        "education": inmate.education,
        "education_label": str(inmate.get_education_display()) if inmate.education else "",
        "expected_release_date": _iso(inmate.expected_release_date),
        "status": inmate.status,
        "status_label": str(inmate.get_status_display()),
        "status_date": _iso(inmate.status_date),
        "status_recorded_at": _iso(inmate.status_recorded_at),
        "photo": bool(inmate.photo),
        "interests": [{"code": f.code, "name": f.name} for f in inmate.interests.all()],
        "created_at": _iso(inmate.created_at),
        "updated_at": _iso(inmate.updated_at),
        "personal_data_reduced_at": _iso(inmate.personal_data_reduced_at),
    }


def _transfers(inmate: Inmate) -> list[dict]:
    rows = inmate.transfers.select_related("from_facility", "to_facility", "recorded_by")
    return [
        {
            "transferred_on": _iso(t.transferred_on),
            "from_facility": t.from_facility.name,
            "to_facility": t.to_facility.name,
            "from_registration_number": t.from_registration_number,
            "note": t.note,
            "recorded_by": _who(t.recorded_by),
            "recorded_at": _iso(t.recorded_at),
        }
        for t in rows.order_by("transferred_on", "id")
    ]


def _corrections(inmate: Inmate) -> list[dict]:
    rows = InmateCorrection.objects.filter(inmate=inmate).select_related("corrected_by")
    return [
        {
            "field": c.field,
            "field_label": c.field_label,
            "old_value": c.old_value,
            "new_value": c.new_value,
            "values_removed": c.values_removed,
            "reason": c.reason,
            "corrected_by": _who(c.corrected_by),
            "corrected_at": _iso(c.corrected_at),
        }
        for c in rows.order_by("corrected_at", "id")
    ]


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
                "date": _iso(a.session.date),
                "start_time": a.session.start_time.strftime("%H:%M"),
                "end_time": a.session.end_time.strftime("%H:%M"),
                "topic": a.session.topic,
                "status": a.status,
                "status_label": str(a.get_status_display()),
                "note": a.note,
                "recorded_by": _who(a.recorded_by),
                "recorded_at": _iso(a.recorded_at),
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


def _enrollments(inmate: Inmate) -> list[dict]:
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
                    "start_date": _iso(cohort.start_date),
                    "end_date": _iso(cohort.end_date),
                    "status": cohort.status,
                },
                "status": e.status,
                "status_label": str(e.get_status_display()),
                "enrolled_at": _iso(e.enrolled_at),
                "enrolled_by": _who(e.enrolled_by),
                "override_reason": e.override_reason,
                "withdrawal_reason": e.withdrawal_reason,
                "withdrawal_reason_label": str(e.get_withdrawal_reason_display())
                if e.withdrawal_reason
                else "",
                "withdrawal_note": e.withdrawal_note,
                "withdrawn_at": _iso(e.withdrawn_at),
                "result": e.result,
                "result_label": str(e.get_result_display()),
                "score": _number(e.score),
                "assessor_notes": e.assessor_notes,
                "result_recorded_by": _who(e.result_recorded_by),
                "result_recorded_at": _iso(e.result_recorded_at),
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


def _certificates(inmate: Inmate) -> list[dict]:
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
            "issued_at": _iso(c.issued_at),
            "issued_by": _who(c.issued_by),
            "revoked_at": _iso(c.revoked_at),
            "revoked_by": _who(c.revoked_by),
            "revocation_reason": c.revocation_reason,
            "superseded_by": c.superseded_by.number if c.superseded_by else None,
            "snapshot": _snapshot(c.snapshot),
        }
        for c in rows
    ]


def _ceremonies(inmate: Inmate) -> list[dict]:
    rows = (
        CeremonyCertificate.objects.filter(certificate__enrollment__inmate=inmate)
        .select_related("ceremony__agency", "certificate")
        .order_by("ceremony__date", "id")
    )
    return [
        {
            "ceremony_id": item.ceremony_id,
            "date": _iso(item.ceremony.date),
            "place": item.ceremony.place,
            "agency": item.ceremony.agency.name,
            "certificate_number": item.certificate.number,
            "position": item.position,
        }
        for item in rows
    ]


def _competency_tests(inmate: Inmate) -> list[dict]:
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
                "date": _iso(a.test.date),
                "result": a.result,
                "result_label": str(a.get_result_display()) if a.result else "",
                "recorded_by": _who(a.recorded_by),
                "recorded_at": _iso(a.recorded_at),
                "unit_results": [
                    {"code": r.unit.code, "title": r.unit.title, "result": r.result}
                    for r in sorted(a.unit_results.all(), key=lambda r: r.unit.code)
                ],
                "bnsp_certificate": None
                if bnsp is None
                else {
                    "number": bnsp.number,
                    "blanko_number": bnsp.blanko_number,
                    "issued_on": _iso(bnsp.issued_on),
                    "valid_until": _iso(bnsp.valid_until),
                },
            }
        )
    return result


def _audit_events(inmate: Inmate, enrollment_ids: list[int], certificate_ids: list[int]):
    """Return the audit events about the inmate, his enrollments and his certificates."""
    about = Q(object_type="inmates.inmate", object_id=str(inmate.pk))
    if enrollment_ids:
        about |= Q(
            object_type="programs.enrollment", object_id__in=[str(pk) for pk in enrollment_ids]
        )
    if certificate_ids:
        about |= Q(
            object_type="certificates.certificate",
            object_id__in=[str(pk) for pk in certificate_ids],
        )
    return list(AuditEvent.objects.filter(about).order_by("created_at", "id"))


def _imports(events: list[AuditEvent]) -> list[dict]:
    """Return the register imports that created or changed the inmate (traced by their id)."""
    touched = [
        (event.data["import"], event.action)
        for event in events
        if event.object_type == "inmates.inmate"
        and isinstance(event.data, dict)
        and "import" in event.data
    ]
    uploads = InmateImport.objects.select_related("uploaded_by").in_bulk(
        [pk for pk, _action in touched]
    )
    return [
        {
            "import_id": pk,
            "file_name": uploads[pk].file_name,
            "uploaded_by": _who(uploads[pk].uploaded_by),
            "uploaded_at": _iso(uploads[pk].uploaded_at),
            "applied_at": _iso(uploads[pk].applied_at),
            "effect": "created" if action == "inmate.created" else "updated",
        }
        for pk, action in touched
        if pk in uploads
    ]


def subject_report(*, inmate: Inmate, produced_by) -> dict[str, Any]:
    """Return everything held about the inmate, for the PDF and the JSON file alike."""
    inmate = Inmate.objects.select_related("facility").get(pk=inmate.pk)
    enrollments = _enrollments(inmate)
    certificates = _certificates(inmate)
    events = _audit_events(inmate, [e["id"] for e in enrollments], [c["id"] for c in certificates])
    return {
        "schema": SCHEMA,
        "produced_at": _iso(timezone.now()),
        "produced_by": _who(produced_by),
        "controller": inmate.facility.name,
        "inmate": _register(inmate),
        "transfers": _transfers(inmate),
        "imports": _imports(events),
        "corrections": _corrections(inmate),
        "enrollments": enrollments,
        "certificates": certificates,
        "ceremonies": _ceremonies(inmate),
        "competency_tests": _competency_tests(inmate),
        "audit_events": [
            {
                "at": _iso(event.created_at),
                "actor": event.actor_name or None,
                "action": event.action,
                "object_type": event.object_type,
                "object_id": event.object_id,
            }
            for event in events
        ],
    }

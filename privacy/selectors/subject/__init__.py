"""Everything the system holds about one inmate: the data subject report (UU PDP, access right).

One plain dictionary (text, numbers, ISO dates, stable keys) feeds both the JSON file and the
PDF. ``COVERED_MODELS`` names every model whose rows the report reads; a test fails when a
model with a foreign-key path to ``Inmate`` is missing from it. The parts are read by the
modules beside this one: ``person`` (register, transfers, corrections), ``training``
(enrollments to BNSP certificates) and ``after_release`` (the follow-up by the Bapas).
"""

from typing import Any

from django.db.models import Q
from django.utils import timezone

from inmates.models import Inmate, InmateImport
from lapas_training import rules
from lapas_training.models import AuditEvent
from privacy.selectors.subject import after_release, person, training
from privacy.selectors.subject.values import iso, who

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
        "followup.followupplan",
        "followup.checkin",
    }
)


def _ids(object_type: str, pks: list[int]) -> Q:
    return Q(object_type=object_type, object_id__in=[str(pk) for pk in pks]) if pks else Q()


def _audit_events(inmate: Inmate, enrollments: list[dict], certificates: list[dict], plan):
    """Return the audit events about the inmate, his enrollments, his certificates, his
    follow-up plan and its check-ins."""
    about = Q(object_type="inmates.inmate", object_id=str(inmate.pk))
    for part in (
        _ids("programs.enrollment", [e["id"] for e in enrollments]),
        _ids("certificates.certificate", [c["id"] for c in certificates]),
        _ids("followup.followupplan", [plan["id"]] if plan else []),
        _ids("followup.checkin", [c["id"] for c in plan["checkins"]] if plan else []),
    ):
        if part:
            about |= part
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
            "uploaded_by": who(uploads[pk].uploaded_by),
            "uploaded_at": iso(uploads[pk].uploaded_at),
            "applied_at": iso(uploads[pk].applied_at),
            "effect": "created" if action == "inmate.created" else "updated",
        }
        for pk, action in touched
        if pk in uploads
    ]


def subject_report(*, inmate: Inmate, produced_by) -> dict[str, Any]:
    """Return everything held about the inmate, for the PDF and the JSON file alike."""
    inmate = Inmate.objects.select_related("facility").get(pk=inmate.pk)
    enrollments = training.enrollments(inmate)
    certificates = training.certificates(inmate)
    plan = after_release.followup_plan(
        inmate, with_checkin_content=rules.can_record_checkins(produced_by)
    )
    events = _audit_events(inmate, enrollments, certificates, plan)
    return {
        "schema": SCHEMA,
        "produced_at": iso(timezone.now()),
        "produced_by": who(produced_by),
        "controller": inmate.facility.name,
        "inmate": person.register(inmate),
        "transfers": person.transfers(inmate),
        "imports": _imports(events),
        "corrections": person.corrections(inmate),
        "enrollments": enrollments,
        "certificates": certificates,
        "ceremonies": training.ceremonies(inmate),
        "competency_tests": training.competency_tests(inmate),
        "followup_plan": plan,
        "audit_events": [
            {
                "at": iso(event.created_at),
                "actor": event.actor_name or None,
                "action": event.action,
                "object_type": event.object_type,
                "object_id": event.object_id,
            }
            for event in events
        ],
    }

"""The register part of the report: the inmate's record, transfers and corrections."""

from typing import Any

from inmates.models import Inmate, InmateCorrection
from privacy.selectors.subject.values import iso, who


def register(inmate: Inmate) -> dict[str, Any]:
    return {
        "id": inmate.pk,
        "facility": {"code": inmate.facility.code, "name": inmate.facility.name},
        "registration_number": inmate.registration_number,
        "full_name": inmate.full_name,
        "birth_place": inmate.birth_place,
        "birth_date": iso(inmate.birth_date),
        "sex": inmate.sex,
        "sex_label": str(inmate.get_sex_display()),
        "nik": inmate.nik,
        "education": inmate.education,
        "education_label": str(inmate.get_education_display()) if inmate.education else "",
        "expected_release_date": iso(inmate.expected_release_date),
        "status": inmate.status,
        "status_label": str(inmate.get_status_display()),
        "status_date": iso(inmate.status_date),
        "status_recorded_at": iso(inmate.status_recorded_at),
        "photo": bool(inmate.photo),
        "interests": [{"code": f.code, "name": f.name} for f in inmate.interests.all()],
        "created_at": iso(inmate.created_at),
        "updated_at": iso(inmate.updated_at),
        "personal_data_reduced_at": iso(inmate.personal_data_reduced_at),
    }


def transfers(inmate: Inmate) -> list[dict]:
    rows = inmate.transfers.select_related("from_facility", "to_facility", "recorded_by")
    return [
        {
            "transferred_on": iso(t.transferred_on),
            "from_facility": t.from_facility.name,
            "to_facility": t.to_facility.name,
            "from_registration_number": t.from_registration_number,
            "note": t.note,
            "recorded_by": who(t.recorded_by),
            "recorded_at": iso(t.recorded_at),
        }
        for t in rows.order_by("transferred_on", "id")
    ]


def corrections(inmate: Inmate) -> list[dict]:
    rows = InmateCorrection.objects.filter(inmate=inmate).select_related("corrected_by")
    return [
        {
            "field": c.field,
            "field_label": c.field_label,
            "old_value": c.old_value,
            "new_value": c.new_value,
            "values_removed": c.values_removed,
            "reason": c.reason,
            "corrected_by": who(c.corrected_by),
            "corrected_at": iso(c.corrected_at),
        }
        for c in rows.order_by("corrected_at", "id")
    ]

"""Every write to facilities and inmates."""

from datetime import date

from django.db import transaction

from inmates.models import Facility, Inmate
from lapas_training.audit import audit_log
from lapas_training.models import TrainingField

INMATE_FIELDS = (
    "full_name",
    "birth_place",
    "birth_date",
    "sex",
    "nik",
    "education",
    "expected_release_date",
)


@transaction.atomic
def inmate_create(
    *,
    actor,
    facility: Facility,
    registration_number: str,
    full_name: str,
    sex: str,
    birth_place: str = "",
    birth_date: date | None = None,
    nik: str = "",
    education: str = "",
    expected_release_date: date | None = None,
    interests: list[TrainingField] | tuple[TrainingField, ...] = (),
) -> Inmate:
    """Add an inmate to a facility's register."""
    inmate = Inmate(
        facility=facility,
        registration_number=registration_number.strip(),
        full_name=full_name.strip(),
        sex=sex,
        birth_place=birth_place.strip(),
        birth_date=birth_date,
        nik=nik.strip(),
        education=education,
        expected_release_date=expected_release_date,
    )
    inmate.full_clean()
    inmate.save()
    if interests:
        inmate.interests.set(interests)
    audit_log(
        action="inmate.created",
        actor=actor,
        obj=inmate,
        data={"facility": facility.code, "registration_number": inmate.registration_number},
    )
    return inmate


@transaction.atomic
def inmate_update(*, actor, inmate: Inmate, **changes) -> Inmate:
    """Change an inmate's register data; only the fields given are touched."""
    unknown = set(changes) - set(INMATE_FIELDS) - {"interests"}
    if unknown:
        raise TypeError(f"inmate_update does not change {sorted(unknown)}")
    interests = changes.pop("interests", None)
    changed = {}
    for field, value in changes.items():
        if getattr(inmate, field) != value:
            changed[field] = {"from": getattr(inmate, field), "to": value}
            setattr(inmate, field, value)
    inmate.full_clean()
    if changed:
        inmate.save(update_fields=[*changed, "updated_at"])
    if interests is not None:
        before = sorted(inmate.interests.values_list("code", flat=True))
        inmate.interests.set(interests)
        after = sorted(t.code for t in interests)
        if before != after:
            changed["interests"] = {"from": before, "to": after}
    if changed:
        audit_log(action="inmate.updated", actor=actor, obj=inmate, data=changed)
    return inmate

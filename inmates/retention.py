"""Retention: the personal data of someone long gone that no current purpose needs is removed.

When the retention period after release (or transfer out of the system) has run out, an
inmate keeps his name and registration number (his certificates, their verification and the
statistics work from them and from frozen snapshots) and loses his NIK, birth place and date,
expected release date, pas foto, the notes of his transfers and the old and new values of his
correction history. Who chooses the inmates, and when, is the caller's business
(``privacy``'s ``apply_retention`` command); this module only writes.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inmates.models import Inmate, InmateCorrection, InmateTransfer
from lapas_training.audit import audit_log

# Register fields emptied, with their empty value.
REDUCED_FIELDS = {
    "nik": "",
    "birth_place": "",
    "birth_date": None,
    "expected_release_date": None,
}


@dataclass(frozen=True)
class ReductionPlan:
    """What reducing one inmate's data removes: register fields, photo, notes, corrections."""

    fields: tuple[str, ...]
    photo: bool
    transfer_notes: int
    corrections: int

    @property
    def is_empty(self) -> bool:
        return not (self.fields or self.photo or self.transfer_notes or self.corrections)


def reduction_plan(inmate: Inmate) -> ReductionPlan:
    """Return what reducing the inmate's personal data would remove (nothing is written)."""
    return ReductionPlan(
        fields=tuple(
            name for name, empty in REDUCED_FIELDS.items() if getattr(inmate, name) != empty
        ),
        photo=bool(inmate.photo),
        transfer_notes=InmateTransfer.objects.filter(inmate=inmate).exclude(note="").count(),
        corrections=InmateCorrection.objects.filter(inmate=inmate, values_removed=False).count(),
    )


@transaction.atomic
def inmate_personal_data_reduce(
    *, inmate: Inmate, retention_days: int, actor=None
) -> ReductionPlan | None:
    """Remove the personal data of a released or transferred inmate that nothing needs now.

    Idempotent: an inmate with nothing left to remove is not touched again (None). The photo
    file leaves storage once the transaction commits. Audited (no values, only what went).
    """
    inmate = Inmate.objects.select_for_update().get(pk=inmate.pk)
    if inmate.is_active:
        raise ValidationError(_("Data WBP yang masih aktif tidak dikurangi."))
    plan = reduction_plan(inmate)
    if plan.is_empty and inmate.personal_data_reduced_at is not None:
        return None
    for name in plan.fields:
        setattr(inmate, name, REDUCED_FIELDS[name])
    if plan.photo:
        old_photo, storage = inmate.photo.name, inmate.photo.storage
        inmate.photo = ""
        transaction.on_commit(lambda: storage.delete(old_photo))
    inmate.personal_data_reduced_at = timezone.now()
    photo_field = ["photo"] if plan.photo else []
    inmate.save(
        update_fields=[*plan.fields, *photo_field, "personal_data_reduced_at", "updated_at"]
    )
    if plan.transfer_notes:
        InmateTransfer.objects.filter(inmate=inmate).exclude(note="").update(note="")
    if plan.corrections:
        InmateCorrection.objects.filter(inmate=inmate, values_removed=False).update(
            old_value="", new_value="", values_removed=True
        )
    audit_log(
        action="inmate.personal_data_reduced",
        actor=actor,
        obj=inmate,
        data={
            "fields": list(plan.fields),
            "photo": plan.photo,
            "transfer_notes": plan.transfer_notes,
            "corrections": plan.corrections,
            "retention_days": retention_days,
            "status": inmate.status,
            "status_date": inmate.status_date,
        },
    )
    return plan

"""Writes to training events: open one, change it while its cohorts still fit."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inmates.models import Facility
from lapas_training.audit import audit_log
from lapas_training.changes import UNCHANGED, apply_changes, given
from lapas_training.models import User
from programs.models import PartnerAgency, TrainingEvent


def _agency_codes(agencies) -> list[str]:
    return sorted(agency.code for agency in agencies)


@transaction.atomic
def event_create(
    *,
    actor: User,
    facility: Facility,
    agencies: list[PartnerAgency],
    name: str,
    funding_source: str,
    start_date: date,
    end_date: date,
    decree_number: str = "",
    decree_date: date | None = None,
    decree_issuer: str = "",
) -> TrainingEvent:
    """Open a training event of a facility with its partner agencies."""
    if not agencies:
        raise ValidationError({"agencies": _("Pilih paling sedikit satu instansi mitra.")})
    event = TrainingEvent(
        facility=facility,
        name=name.strip(),
        funding_source=funding_source,
        start_date=start_date,
        end_date=end_date,
        decree_number=decree_number.strip(),
        decree_date=decree_date,
        decree_issuer=decree_issuer.strip(),
        created_by=actor,
    )
    event.full_clean()
    event.save()
    event.agencies.set(agencies)
    audit_log(
        action="event.created",
        actor=actor,
        obj=event,
        data={
            "facility": facility.code,
            "agencies": _agency_codes(agencies),
            "start_date": start_date,
            "end_date": end_date,
            "decree_number": event.decree_number,
        },
    )
    return event


@transaction.atomic
def event_update(
    *,
    actor: User,
    event: TrainingEvent,
    name: str = UNCHANGED,
    funding_source: str = UNCHANGED,
    start_date: date = UNCHANGED,
    end_date: date = UNCHANGED,
    decree_number: str = UNCHANGED,
    decree_date: date | None = UNCHANGED,
    decree_issuer: str = UNCHANGED,
    agencies: list[PartnerAgency] | None = None,
) -> TrainingEvent:
    """Change an event; its cohorts must still fall within its dates and agencies.

    Fields left ``UNCHANGED`` keep their value; ``agencies`` replaces the list when given.
    """
    changes = given(
        name=name,
        funding_source=funding_source,
        start_date=start_date,
        end_date=end_date,
        decree_number=decree_number,
        decree_date=decree_date,
        decree_issuer=decree_issuer,
    )
    for field in ("name", "decree_number", "decree_issuer"):
        if field in changes:
            changes[field] = changes[field].strip()
    event = TrainingEvent.objects.select_for_update().get(pk=event.pk)
    changed = apply_changes(event, changes)
    event.full_clean()
    errors = {}
    early = event.cohorts.filter(start_date__lt=event.start_date).count()
    late = event.cohorts.filter(end_date__gt=event.end_date).count()
    for field, outside in (("start_date", early), ("end_date", late)):
        if outside:
            errors[field] = _(
                "%(count)s angkatan kegiatan ini berada di luar tanggal yang baru."
            ) % {"count": outside}
    if agencies is not None:
        if not agencies:
            errors["agencies"] = _("Pilih paling sedikit satu instansi mitra.")
        else:
            kept = {agency.pk for agency in agencies}
            orphaned = event.cohorts.exclude(agency_id__in=kept).select_related("agency")
            names = sorted({cohort.agency.name for cohort in orphaned})
            if names:
                errors["agencies"] = _(
                    "Instansi ini masih mengajar angkatan dalam kegiatan: %(names)s."
                ) % {"names": ", ".join(names)}
    if errors:
        raise ValidationError(errors)
    if changed:
        event.save(update_fields=list(changed))
    if agencies is not None:
        before = _agency_codes(event.agencies.all())
        after = _agency_codes(agencies)
        if before != after:
            event.agencies.set(agencies)
            changed["agencies"] = {"from": before, "to": after}
    if changed:
        audit_log(action="event.updated", actor=actor, obj=event, data=changed)
    return event

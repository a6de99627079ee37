"""Every write to facilities and inmates."""

import hashlib
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from inmates import importing
from inmates.models import (
    PERSONAL_FIELDS,
    Facility,
    Inmate,
    InmateCorrection,
    InmateImport,
    InmateTransfer,
    TrainingTarget,
)
from inmates.signals import inmate_departed
from lapas_training.audit import MASK, audit_log
from lapas_training.changes import UNCHANGED, apply_changes, given
from lapas_training.models import TrainingField, User

DUPLICATE_NUMBER = _lazy("Nomor registrasi ini sudah terdaftar di UPT ini.")
REASON_REQUIRED = _lazy(
    "Tulis alasan perubahan data pribadi, misalnya: salah ketik nama, disesuaikan dengan KTP."
)
# Fields whose values reach the audit log (never changed) masked: the correction history holds
# them, and loses them when the retention period after release runs out.
MASKED_IN_AUDIT = frozenset({"nik", "birth_place", "birth_date", "expected_release_date"})


def _ensure_number_free(*, facility: Facility, number: str, field: str, inmate=None) -> None:
    """Refuse a registration number already used in the facility, naming the form field."""
    taken = Inmate.objects.filter(facility=facility, registration_number=number)
    if inmate is not None:
        taken = taken.exclude(pk=inmate.pk)
    if taken.exists():
        raise ValidationError({field: DUPLICATE_NUMBER})


@transaction.atomic
def inmate_create(
    *,
    actor: User,
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
    upload: InmateImport | None = None,
) -> Inmate:
    """Add an inmate to a facility's register (from a register ``upload``, when one)."""
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
    _ensure_number_free(
        facility=facility, number=inmate.registration_number, field="registration_number"
    )
    inmate.full_clean()
    inmate.save()
    if interests:
        inmate.interests.set(interests)
    audit_log(
        action="inmate.created",
        actor=actor,
        obj=inmate,
        data={
            "facility": facility.code,
            "registration_number": inmate.registration_number,
            **({"import": upload.pk} if upload else {}),
        },
    )
    return inmate


@transaction.atomic
def inmate_update(
    *,
    actor: User,
    inmate: Inmate,
    registration_number: str = UNCHANGED,
    full_name: str = UNCHANGED,
    birth_place: str = UNCHANGED,
    birth_date: date | None = UNCHANGED,
    sex: str = UNCHANGED,
    nik: str = UNCHANGED,
    education: str = UNCHANGED,
    expected_release_date: date | None = UNCHANGED,
    interests: list[TrainingField] | None = None,
    reason: str = "",
    upload: InmateImport | None = None,
) -> Inmate:
    """Change an inmate's register data; fields left ``UNCHANGED`` keep their value.

    A change of personal data needs a ``reason``; each changed field is kept in the
    correction history with its old and new value. ``interests`` replaces the list when given.
    """
    changed = apply_changes(
        inmate,
        given(
            registration_number=registration_number,
            full_name=full_name,
            birth_place=birth_place,
            birth_date=birth_date,
            sex=sex,
            nik=nik,
            education=education,
            expected_release_date=expected_release_date,
        ),
    )
    reason = reason.strip()
    if upload is not None and not reason:
        reason = _("Impor register %(file)s") % {"file": upload.file_name}
    corrected = [name for name in PERSONAL_FIELDS if name in changed]
    if corrected and not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    if "registration_number" in changed:
        _ensure_number_free(
            facility=inmate.facility,
            number=inmate.registration_number,
            field="registration_number",
            inmate=inmate,
        )
    inmate.full_clean()
    if changed:
        inmate.save(update_fields=[*changed, "updated_at"])
        _record_corrections(actor=actor, inmate=inmate, changed=changed, reason=reason)
    if interests is not None:
        before = sorted(inmate.interests.values_list("code", flat=True))
        inmate.interests.set(interests)
        after = sorted(t.code for t in interests)
        if before != after:
            changed["interests"] = {"from": before, "to": after}
    if changed:
        data = {name: MASK if name in MASKED_IN_AUDIT else value for name, value in changed.items()}
        if corrected:
            data["reason"] = reason
        if upload is not None:
            data["import"] = upload.pk
        audit_log(action="inmate.updated", actor=actor, obj=inmate, data=data)
    return inmate


def _stored(value) -> str:
    """Return a register value as the correction history keeps it: text, dates ISO."""
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def _record_corrections(*, actor: User, inmate: Inmate, changed: dict, reason: str) -> None:
    """Keep one correction row per changed personal field, all at the same moment."""
    now = timezone.now()
    InmateCorrection.objects.bulk_create(
        InmateCorrection(
            inmate=inmate,
            field=name,
            old_value=_stored(changed[name]["from"]),
            new_value=_stored(changed[name]["to"]),
            reason=reason,
            corrected_by=actor,
            corrected_at=now,
        )
        for name in PERSONAL_FIELDS
        if name in changed
    )


def inmate_view_record(*, actor: User, inmate: Inmate, page: str, shown: list[str]) -> None:
    """Write the access-log event of a page that showed an inmate's personal data.

    ``shown`` names what was on it (``["nik", "birth_date"]``), never the values.
    """
    audit_log(
        action="inmate.viewed",
        actor=actor,
        obj=inmate,
        data={"page": page, "shown": shown},
    )


def _departed(*, actor: User, inmate: Inmate, reason: str, note: str) -> int:
    """Tell the other apps that the inmate left; return how many enrollments they ended."""
    responses = inmate_departed.send(
        sender=Inmate, actor=actor, inmate=inmate, reason=reason, note=note
    )
    return sum(count or 0 for _receiver, count in responses)


@transaction.atomic
def inmate_release(*, actor: User, inmate: Inmate, released_on: date, note: str = "") -> Inmate:
    """Mark an active inmate as released; his open enrollments end with reason 'released'."""
    inmate = Inmate.objects.select_for_update().get(pk=inmate.pk)
    if inmate.status != Inmate.Status.ACTIVE:
        raise ValidationError(_("Hanya WBP berstatus aktif yang dapat dibebaskan."))
    if released_on > timezone.localdate():
        # A release is recorded when it happened: a date ahead would start the follow-up's
        # clock, and its consent, in the future (there is no page to move it afterwards).
        raise ValidationError({"released_on": _("Tanggal bebas tidak boleh di masa depan.")})
    inmate.status = Inmate.Status.RELEASED
    inmate.status_date = released_on
    inmate.status_recorded_at = timezone.now()
    inmate.save(update_fields=["status", "status_date", "status_recorded_at", "updated_at"])
    withdrawn = _departed(actor=actor, inmate=inmate, reason=Inmate.Status.RELEASED, note=note)
    audit_log(
        action="inmate.released",
        actor=actor,
        obj=inmate,
        data={"released_on": released_on, "note": note, "enrollments_withdrawn": withdrawn},
    )
    return inmate


@transaction.atomic
def inmate_transfer(
    *,
    actor: User,
    inmate: Inmate,
    transferred_on: date,
    to_facility: Facility | None = None,
    new_registration_number: str = "",
    note: str = "",
) -> Inmate:
    """Move an inmate to another facility, or out of the system when none is given.

    Within the system the same record moves, so his training history moves with him; the
    old registration number is kept in the transfer record.
    """
    inmate = Inmate.objects.select_for_update().get(pk=inmate.pk)
    if inmate.status != Inmate.Status.ACTIVE:
        raise ValidationError(_("Hanya WBP berstatus aktif yang dapat dipindahkan."))
    if transferred_on > timezone.localdate():
        raise ValidationError({"transferred_on": _("Tanggal pindah tidak boleh di masa depan.")})
    from_facility = inmate.facility
    old_number = inmate.registration_number
    withdrawn = _departed(actor=actor, inmate=inmate, reason=Inmate.Status.TRANSFERRED, note=note)
    if to_facility is None:
        inmate.status = Inmate.Status.TRANSFERRED
        inmate.status_date = transferred_on
        inmate.status_recorded_at = timezone.now()
        inmate.save(update_fields=["status", "status_date", "status_recorded_at", "updated_at"])
    else:
        if to_facility.pk == from_facility.pk:
            raise ValidationError({"to_facility": _("UPT tujuan sama dengan UPT asal.")})
        new_registration_number = new_registration_number.strip()
        if not new_registration_number:
            raise ValidationError(
                {"new_registration_number": _("Isi nomor registrasi yang diberikan UPT tujuan.")}
            )
        _ensure_number_free(
            facility=to_facility, number=new_registration_number, field="new_registration_number"
        )
        inmate.facility = to_facility
        inmate.registration_number = new_registration_number
        inmate.status_date = transferred_on
        inmate.full_clean()
        inmate.save(update_fields=["facility", "registration_number", "status_date", "updated_at"])
        InmateTransfer.objects.create(
            inmate=inmate,
            from_facility=from_facility,
            to_facility=to_facility,
            from_registration_number=old_number,
            transferred_on=transferred_on,
            note=note,
            recorded_by=actor,
        )
    audit_log(
        action="inmate.transferred",
        actor=actor,
        obj=inmate,
        facility=from_facility,  # the sending facility's staff did it; its head reads it
        data={
            "from": from_facility.code,
            "to": to_facility.code if to_facility else None,
            "from_registration_number": old_number,
            "transferred_on": transferred_on,
            "enrollments_withdrawn": withdrawn,
        },
    )
    return inmate


@transaction.atomic
def inmate_import_upload(
    *, actor, facility: Facility, file_name: str, content: bytes
) -> InmateImport:
    """Keep an uploaded register file for its preview; refuse one that cannot be read."""
    importing.parse_upload(file_name, content)  # raises ImportFileError with the reason
    upload = InmateImport.objects.create(
        facility=facility,
        uploaded_by=actor,
        file_name=file_name[:255],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )
    audit_log(
        action="inmate_import.uploaded",
        actor=actor,
        obj=upload,
        data={"file_name": upload.file_name, "sha256": upload.sha256, "bytes": len(content)},
    )
    return upload


@transaction.atomic
def inmate_import_apply(*, actor: User, upload: InmateImport) -> dict[str, int]:
    """Save every row of a previewed file in one transaction, or nothing if any row is wrong.

    Rows whose registration number is already in the register update that inmate instead of
    adding him again.
    """
    upload = InmateImport.objects.select_for_update().get(pk=upload.pk)
    if upload.status != InmateImport.Status.PENDING:
        raise ValidationError(_("Impor ini sudah diproses."))
    rows = importing.validate_rows(
        facility=upload.facility,
        rows=importing.parse_upload(upload.file_name, bytes(upload.content)),
    )
    bad = [row.line for row in rows if row.errors]
    if bad:
        raise ValidationError(
            _("Masih ada %(count)s baris bermasalah; perbaiki berkasnya lalu unggah lagi.")
            % {"count": len(bad)}
        )
    summary = {"created": 0, "updated": 0, "unchanged": 0}
    for row in rows:
        if row.action == importing.RowAction.CREATE:
            inmate_create(actor=actor, facility=upload.facility, upload=upload, **row.values)
            summary["created"] += 1
        elif row.action == importing.RowAction.UPDATE:
            values = {k: v for k, v in row.values.items() if k != "registration_number"}
            inmate_update(actor=actor, inmate=row.inmate, upload=upload, **values)
            summary["updated"] += 1
        else:
            summary["unchanged"] += 1
    upload.status = InmateImport.Status.APPLIED
    upload.applied_at = timezone.now()
    upload.summary = summary
    upload.content = b""
    upload.save(update_fields=["status", "applied_at", "summary", "content"])
    audit_log(action="inmate_import.applied", actor=actor, obj=upload, data=summary)
    return summary


@transaction.atomic
def inmate_import_discard(*, actor: User | None, upload: InmateImport, reason: str = "") -> None:
    """Drop a previewed file without saving any of it (``actor`` None: the retention run)."""
    upload = InmateImport.objects.select_for_update().get(pk=upload.pk)
    if upload.status != InmateImport.Status.PENDING:
        raise ValidationError(_("Impor ini sudah diproses."))
    upload.status = InmateImport.Status.DISCARDED
    upload.content = b""
    upload.save(update_fields=["status", "content"])
    audit_log(
        action="inmate_import.discarded",
        actor=actor,
        obj=upload,
        data={"reason": reason} if reason else None,
    )


def training_target_set(*, actor: User, facility: Facility, year: int, inmates: int):
    """Set (or change) the facility's yearly target of inmates with certified training."""
    if inmates < 1 or inmates > 100_000:
        raise ValidationError({"inmates": _("Target harus antara 1 dan 100.000 WBP.")})
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise ValidationError(
            {"year": _("Target hanya untuk tahun ini, tahun depan atau yang lalu.")}
        )
    with transaction.atomic():
        target = (
            TrainingTarget.objects.select_for_update().filter(facility=facility, year=year).first()
        )
        before = target.inmates if target else None
        if target is None:
            target = TrainingTarget(facility=facility, year=year)
        target.inmates = inmates
        target.set_by = actor
        target.save()
        audit_log(
            action="training_target.set",
            actor=actor,
            obj=target,
            data={"year": year, "before": before, "after": inmates},
        )
    return target

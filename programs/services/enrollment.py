"""Writes to a cohort's participants: enrol many at once, withdraw one."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inmates.models import Inmate
from lapas_training.audit import audit_log
from lapas_training.models import User
from programs.models import Cohort, Enrollment
from programs.selectors import enrollment_eligibility_bulk


@transaction.atomic
def enrollments_create(
    *,
    actor: User,
    cohort: Cohort,
    inmates: list[Inmate],
    override_reasons: dict[int, str] | None = None,
) -> list[Enrollment]:
    """Enrol several inmates at once, all or none.

    Every hard rule must hold for every inmate, and every warning needs a written reason in
    ``override_reasons`` (by inmate id); otherwise nothing is saved and the ValidationError
    names each inmate with what is wrong.
    """
    override_reasons = override_reasons or {}
    # Lock the cohort so that two operators enrolling at once cannot overfill it.
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    inmates = list(Inmate.objects.select_for_update().filter(pk__in=[i.pk for i in inmates]))
    if not inmates:
        raise ValidationError(_("Pilih minimal satu WBP."))
    eligibility = enrollment_eligibility_bulk(cohort=cohort, inmates=inmates)
    active_count = cohort.enrollments.active().count()
    errors: dict[str, list[str]] = {}
    if active_count + len(inmates) > cohort.capacity:
        errors[NON_FIELD_ERRORS] = [
            _("Kapasitas tidak cukup: %(free)s tempat tersisa, %(chosen)s WBP dipilih.")
            % {"free": max(cohort.capacity - active_count, 0), "chosen": len(inmates)}
        ]
    for inmate in inmates:
        result = eligibility[inmate.pk]
        reason = override_reasons.get(inmate.pk, "").strip()
        if result.blocks:
            errors[str(inmate.pk)] = result.blocks
        elif result.warnings and not reason:
            errors[str(inmate.pk)] = [
                _("Tuliskan alasan untuk tetap mendaftarkan WBP ini: %(warnings)s")
                % {"warnings": " ".join(result.warnings)}
            ]
    if errors:
        raise ValidationError(errors)

    created = []
    for inmate in inmates:
        result = eligibility[inmate.pk]
        reason = override_reasons.get(inmate.pk, "").strip() if result.warnings else ""
        enrollment = Enrollment(
            cohort=cohort, inmate=inmate, enrolled_by=actor, override_reason=reason
        )
        enrollment.full_clean(validate_constraints=False)
        created.append(enrollment)
    Enrollment.objects.bulk_create(created)
    for enrollment in created:
        audit_log(
            action="enrollment.created",
            actor=actor,
            obj=enrollment,
            data={"cohort": cohort.pk, "inmate": enrollment.inmate_id},
        )
        result = eligibility[enrollment.inmate_id]
        if result.warnings:
            audit_log(
                action="enrollment.warning_overridden",
                actor=actor,
                obj=enrollment,
                data={"warnings": result.warnings, "reason": enrollment.override_reason},
            )
    return created


def enrollment_create(
    *, actor: User, cohort: Cohort, inmate: Inmate, override_reason: str = ""
) -> Enrollment:
    """Enrol one inmate; a warning needs a written reason."""
    (enrollment,) = enrollments_create(
        actor=actor, cohort=cohort, inmates=[inmate], override_reasons={inmate.pk: override_reason}
    )
    return enrollment


@transaction.atomic
def enrollment_withdraw(
    *, actor: User, enrollment: Enrollment, reason: str, note: str = ""
) -> Enrollment:
    """Take a participant out of a cohort that has not closed, with a reason."""
    enrollment = (
        Enrollment.objects.select_for_update().select_related("cohort").get(pk=enrollment.pk)
    )
    if not enrollment.is_enrolled:
        raise ValidationError(_("Hanya peserta yang masih terdaftar yang dapat dikeluarkan."))
    if enrollment.cohort.is_finished:
        raise ValidationError(_("Angkatan sudah ditutup; peserta tidak dapat diubah."))
    if reason not in Enrollment.WithdrawalReason.values:
        raise ValidationError({"reason": _("Pilih alasan keluar.")})
    enrollment.status = Enrollment.Status.WITHDRAWN
    enrollment.withdrawal_reason = reason
    enrollment.withdrawal_note = note.strip()[:255]
    enrollment.withdrawn_at = timezone.now()
    enrollment.save(
        update_fields=["status", "withdrawal_reason", "withdrawal_note", "withdrawn_at"]
    )
    audit_log(
        action="enrollment.withdrawn",
        actor=actor,
        obj=enrollment,
        data={"reason": reason, "note": enrollment.withdrawal_note},
    )
    return enrollment


DEPARTURE_REASONS = {
    Inmate.Status.RELEASED: Enrollment.WithdrawalReason.RELEASED,
    Inmate.Status.TRANSFERRED: Enrollment.WithdrawalReason.TRANSFERRED,
}


def withdraw_departed_inmate(
    *, actor: User, inmate: Inmate, reason: str, note: str = "", **signal_kwargs
) -> int:
    """End the open enrollments of an inmate who was released or transferred.

    Connected to ``inmates.signals.inmate_departed`` (whose ``sender`` and ``signal`` arrive
    in ``signal_kwargs``); returns how many it ended.
    """
    reason = DEPARTURE_REASONS[reason]
    active = Enrollment.objects.filter(
        inmate=inmate,
        status=Enrollment.Status.ENROLLED,
        cohort__status__in=[Cohort.Status.PLANNED, Cohort.Status.RUNNING],
    )
    count = 0
    for enrollment in active:
        enrollment_withdraw(actor=actor, enrollment=enrollment, reason=reason, note=note)
        count += 1
    return count

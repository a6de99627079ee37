"""Every write of the follow-up: plans made at release, consent, check-ins."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from followup import selectors
from followup.models import WORKING, Bapas, CheckIn, Consent, FollowUpPlan
from followup.schedule import due_dates, earliest_contact
from inmates.models import Inmate
from lapas_training.audit import audit_log
from lapas_training.models import User
from programs.models import Cohort, Enrollment


def plan_for_release(sender, *, actor, inmate: Inmate, reason: str, **kwargs) -> int:
    """Make the follow-up plan of a released graduate (``inmates.signals.inmate_departed``).

    Runs inside the release's transaction. Only a release counts (a transfer keeps him inside),
    and only with at least one finished training. The Bapas is the facility's when it has
    exactly one; otherwise the Lapas chooses it on the plan's page. Returns 0: it ends nothing.
    """
    if reason != Inmate.Status.RELEASED or hasattr(inmate, "followup_plan"):
        return 0
    cohorts = list(
        Cohort.objects.filter(
            enrollments__inmate=inmate, enrollments__status=Enrollment.Status.COMPLETED
        ).distinct()
    )
    if not cohorts:
        return 0
    candidates = list(Bapas.objects.filter(facilities=inmate.facility_id)[:2])
    plan = FollowUpPlan.objects.create(
        inmate=inmate,
        facility_id=inmate.facility_id,
        bapas=candidates[0] if len(candidates) == 1 else None,
        released_on=inmate.status_date,
    )
    plan.cohorts.set(cohorts)
    _schedule(plan)
    audit_log(
        action="followup.plan_created",
        actor=actor,
        obj=plan,
        facility=plan.facility_id,
        data={"released_on": plan.released_on, "bapas": str(plan.bapas or "")},
    )
    return 0


def _schedule(plan: FollowUpPlan) -> None:
    CheckIn.objects.bulk_create(
        CheckIn(plan=plan, months=months, due_on=due_on)
        for months, due_on in due_dates(plan.released_on).items()
    )


@transaction.atomic
def plan_assign(
    *, actor: User, plan: FollowUpPlan, bapas: Bapas, officer: User | None = None
) -> FollowUpPlan:
    """Give the plan to a Bapas (one that receives the facility's releases) and, within it, to
    one of its PK officers."""
    if not bapas.facilities.filter(pk=plan.facility_id).exists():
        raise ValidationError({"bapas": _("Bapas ini tidak menerima klien dari UPT tersebut.")})
    if officer is not None and officer.bapas_id != bapas.pk:
        raise ValidationError({"officer": _("PK ini bukan petugas Bapas yang dipilih.")})
    before = (plan.bapas_id, plan.officer_id)
    plan.bapas, plan.officer = bapas, officer
    plan.save(update_fields=["bapas", "officer"])
    audit_log(
        action="followup.plan_assigned",
        actor=actor,
        obj=plan,
        facility=plan.facility_id,
        data={"before": list(before), "bapas": str(bapas), "officer": str(officer or "")},
    )
    return plan


@transaction.atomic
def plan_take(*, actor: User, plan: FollowUpPlan) -> FollowUpPlan:
    """A PK officer of the plan's Bapas takes a client whom no officer follows yet (the Lapas
    knows the Bapas, rarely which of its officers)."""
    # No join in the locking query: PostgreSQL refuses FOR UPDATE on a nullable outer join.
    plan = FollowUpPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.bapas_id is None or actor.bapas_id != plan.bapas_id:
        raise ValidationError(_("Hanya PK dari Bapas klien ini yang dapat menanganinya."))
    if plan.officer_id is not None:
        raise ValidationError(_("Klien ini sudah ditangani PK lain."))
    return plan_assign(actor=actor, plan=plan, bapas=plan.bapas, officer=actor)


@transaction.atomic
def consent_record(*, actor: User, plan: FollowUpPlan, consent: str, on: date) -> FollowUpPlan:
    """Record the person's answer. Without consent nothing but the release is kept: a refusal
    or a withdrawal deletes the check-ins (done or not); giving it (again) schedules them."""
    plan = FollowUpPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.anonymised_at is not None:
        raise ValidationError(_("Rencana ini sudah dianonimkan."))
    # Checked on the locked row: of two answers sent at once, the second meets the first's (and
    # a Lapas operator's, after a PK officer's, finds the first answer given).
    if consent not in selectors.consent_answers(user=actor, plan=plan):
        if consent in plan.next_consent_answers:
            message = _("Jawaban klien sudah dicatat; jawaban berikutnya dicatat oleh Bapas.")
        elif consent == Consent.WITHDRAWN:
            message = _("Persetujuan hanya dapat ditarik bila sebelumnya diberikan.")
        elif plan.consent == Consent.GIVEN:
            message = _("Klien sudah bersedia; yang dapat dicatat hanya penarikan persetujuan.")
        else:
            message = _("Pilih jawaban klien.")
        raise ValidationError({"consent": message})
    if on > timezone.localdate():
        raise ValidationError({"on": _("Tanggal tidak boleh di masa depan.")})
    if on < plan.released_on:
        raise ValidationError({"on": _("Tanggal tidak boleh sebelum tanggal bebas.")})
    if plan.consent_on is not None and on < plan.consent_on:
        raise ValidationError(
            {
                "on": _("Tanggal tidak boleh sebelum jawaban sebelumnya (%(date)s).")
                % {"date": date_format(plan.consent_on, "j F Y")}
            }
        )
    removed = 0
    if consent == Consent.GIVEN:
        if not plan.checkins.exists():
            _schedule(plan)
    else:
        removed, _counts = plan.checkins.all().delete()
    before = plan.consent
    plan.consent, plan.consent_on, plan.consent_recorded_by = consent, on, actor
    plan.save(update_fields=["consent", "consent_on", "consent_recorded_by"])
    audit_log(
        action="followup.consent_recorded",
        actor=actor,
        obj=plan,
        facility=plan.facility_id,
        data={"before": before, "consent": consent, "on": on, "checkins_removed": removed},
    )
    return plan


@transaction.atomic
def checkin_record(
    *,
    actor: User,
    checkin: CheckIn,
    done_on: date,
    method: str,
    outcome: str,
    uses_skill: bool | None = None,
    employer: str = "",
    income_band: str = "",
    note: str = "",
) -> CheckIn:
    """Record (or correct) one check-in. Needs the person's consent."""
    # A withdrawal deletes the check-ins: one that is gone meanwhile is the refusal's answer.
    checkin = (
        CheckIn.objects.select_for_update().select_related("plan").filter(pk=checkin.pk).first()
    )
    if checkin is None or not checkin.plan.may_record:
        raise ValidationError(_("Kontak hanya dapat dicatat bila klien bersedia ditindaklanjuti."))
    plan = checkin.plan
    errors = {}
    if done_on > timezone.localdate():
        errors["done_on"] = _("Tanggal kontak tidak boleh di masa depan.")
    elif done_on < plan.released_on:
        errors["done_on"] = _("Tanggal kontak tidak boleh sebelum tanggal bebas.")
    # A correction that keeps the recorded date is not held to the date rules once more (a
    # note corrected must not need a date that is not true).
    elif done_on == checkin.done_on:
        pass
    elif plan.consent_on is not None and done_on < plan.consent_on:
        errors["done_on"] = _("Tanggal kontak tidak boleh sebelum klien menyatakan bersedia.")
    elif done_on < (earliest := earliest_contact(plan.released_on, checkin.months)):
        errors["done_on"] = _(
            "Kontak %(months)d bulan paling cepat dicatat sebulan sebelum jatuh tempo, "
            "mulai %(date)s."
        ) % {"months": checkin.months, "date": date_format(earliest, "j F Y")}
    if outcome not in WORKING:
        # Nothing to say about work that is not there (in further training: not yet).
        uses_skill, employer, income_band = None, "", ""
    elif uses_skill is None:
        errors["uses_skill"] = _("Jawab apakah pekerjaannya memakai keterampilan pelatihan.")
    if errors:
        raise ValidationError(errors)
    first = checkin.done_on is None
    checkin.done_on, checkin.method, checkin.outcome = done_on, method, outcome
    checkin.uses_skill, checkin.employer = uses_skill, employer.strip()
    checkin.income_band, checkin.note = income_band, note.strip()
    checkin.recorded_by, checkin.recorded_at = actor, timezone.now()
    checkin.full_clean()
    checkin.save()
    # The facility's head reads this log, and the Lapas sees whether a check-in was made, never
    # what it found: no status, no date, and no name beside them (README: after release).
    audit_log(
        action="followup.checkin_recorded" if first else "followup.checkin_corrected",
        actor=actor,
        obj=checkin,
        facility=plan.facility_id,
        label=_("%(months)s, rencana #%(plan)s")
        % {"months": checkin.get_months_display(), "plan": plan.pk},
        data={"months": checkin.months},
    )
    return checkin

"""The after-release part of the report: the follow-up plan with the Bapas and its check-ins.

What a check-in found (how, the status, the work, income, the note) is read only by the Bapas
and administrators, so only a report an administrator produces holds it; the Lapas staff's
report holds the schedule and whether each contact was made, and says the rest is withheld
(``checkin_content_included``). The keys are the same in both.
"""

from followup.models import FollowUpPlan
from inmates.models import Inmate
from privacy.selectors.subject.values import iso, who

# What a check-in found, withheld from a report produced by Lapas staff.
CONTENT = (
    "method",
    "method_label",
    "outcome",
    "outcome_label",
    "uses_skill",
    "employer",
    "income_band",
    "income_band_label",
    "note",
)


def _checkin(c, *, with_content: bool) -> dict:
    row = {
        "id": c.pk,
        "months": c.months,
        "due_on": iso(c.due_on),
        "done_on": iso(c.done_on),
        "method": c.method,
        "method_label": str(c.get_method_display()) if c.method else "",
        "outcome": c.outcome,
        "outcome_label": str(c.get_outcome_display()) if c.outcome else "",
        "uses_skill": c.uses_skill,
        "employer": c.employer,
        "income_band": c.income_band,
        "income_band_label": str(c.get_income_band_display()) if c.income_band else "",
        "note": c.note,
        "recorded_by": who(c.recorded_by),
        "recorded_at": iso(c.recorded_at),
    }
    if not with_content:
        row.update(dict.fromkeys(CONTENT))
    return row


def followup_plan(inmate: Inmate, *, with_checkin_content: bool) -> dict | None:
    """Return the inmate's follow-up plan after release, or None (an anonymised plan is no
    longer about him); what the check-ins found only ``with_checkin_content``."""
    plan = (
        FollowUpPlan.objects.filter(inmate=inmate)
        .select_related("bapas", "facility", "officer", "consent_recorded_by")
        .prefetch_related("cohorts__program", "checkins__recorded_by")
        .first()
    )
    if plan is None:
        return None
    bapas = plan.bapas
    return {
        "id": plan.pk,
        "bapas": None
        if bapas is None
        else {
            "name": bapas.name,
            "city": bapas.city,
            "province": bapas.province,
            "address": bapas.address,
        },
        "facility": plan.facility.name,
        "released_on": iso(plan.released_on),
        "trainings": [
            {"cohort_id": c.pk, "cohort": c.name, "program": c.program.name}
            for c in sorted(plan.cohorts.all(), key=lambda c: (c.start_date, c.pk))
        ],
        "officer": who(plan.officer),
        "consent": plan.consent,
        "consent_label": str(plan.get_consent_display()),
        "consent_on": iso(plan.consent_on),
        "consent_recorded_by": who(plan.consent_recorded_by),
        "created_at": iso(plan.created_at),
        "checkin_content_included": with_checkin_content,
        "checkins": [
            _checkin(c, with_content=with_checkin_content)
            for c in sorted(plan.checkins.all(), key=lambda c: (c.months, c.pk))
        ],
    }

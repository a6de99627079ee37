"""A small follow-up world whose every outcome figure is known (see ``test_figures.py``).

Eight released graduates, all released on 15 March 2025: their 6-month check-ins fall due on
15 September 2025, their 12-month ones on 15 March 2026.

=========  ========================  =====  ==========  ===================  ==================
person     trainings (agency)        from   consent     6 months             12 months
=========  ========================  =====  ==========  ===================  ==================
Ahmad      welding (A)               F      given       employed, skill      self-employed
Budi       welding (A), catfish (B)  F      given       self-employed        not working
Candra     catfish (B)               F      refused     -                    -
Dedi       welding (A)               F      withdrawn   (recorded, deleted)  -
Eko        welding (B)               G      given       unreachable          overdue
Fajar      welding (B)               G      given       re-offended          (anonymised)
Gilang     welding (B)               G      pending     -                    -
Hadi       welding (A)               F      given       overdue              overdue
=========  ========================  =====  ==========  ===================  ==================

F is ``facility`` (Lamongan), G ``other_facility`` (Mojokerto), both in Jawa Timur; A is
``agency``, B ``other_agency``. Fajar's plan is anonymised after his records.
"""

from datetime import date

from django.utils import timezone

from followup import services
from followup.models import CheckIn, Consent, FollowUpPlan, Outcome
from inmates.services import inmate_release
from programs.models import Cohort, Enrollment
from tests import factories

RELEASED = date(2025, 3, 15)
SIX_MONTHS = date(2025, 9, 15)
TWELVE_MONTHS = date(2026, 3, 15)


def _cohort(program, facility, agency):
    return factories.CohortFactory(
        program=program,
        facility=facility,
        agency=agency,
        start_date=date(2024, 10, 1),
        end_date=date(2025, 1, 31),
        status=Cohort.Status.CLOSED,
    )


def _graduate(name, facility, cohorts):
    inmate = factories.InmateFactory(facility=facility, full_name=name)
    for cohort in cohorts:
        factories.EnrollmentFactory(
            cohort=cohort, inmate=inmate, status=Enrollment.Status.COMPLETED, result="K"
        )
    return inmate


def build(*, facility, other_facility, agency, other_agency, operator, officer):
    """Release the eight, record their consent and check-ins; return their plans by name."""
    welding = factories.ProgramFactory(name="Pengelasan")
    catfish = factories.ProgramFactory(name="Budidaya Lele")
    welding_f = _cohort(welding, facility, agency)
    catfish_f = _cohort(catfish, facility, other_agency)
    welding_g = _cohort(welding, other_facility, other_agency)
    people = {
        "Ahmad": (facility, [welding_f]),
        "Budi": (facility, [welding_f, catfish_f]),
        "Candra": (facility, [catfish_f]),
        "Dedi": (facility, [welding_f]),
        "Eko": (other_facility, [welding_g]),
        "Fajar": (other_facility, [welding_g]),
        "Gilang": (other_facility, [welding_g]),
        "Hadi": (facility, [welding_f]),
    }
    plans = {}
    for name, (where, cohorts) in people.items():
        inmate = inmate_release(
            actor=operator, inmate=_graduate(name, where, cohorts), released_on=RELEASED
        )
        plans[name] = FollowUpPlan.objects.get(inmate=inmate)

    def consent(name, answer, on=RELEASED):
        services.consent_record(actor=officer, plan=plans[name], consent=answer, on=on)

    def record(name, months, outcome, uses_skill=None):
        checkin = plans[name].checkins.get(months=months)
        services.checkin_record(
            actor=officer,
            checkin=checkin,
            done_on=checkin.due_on,
            method="phone",
            outcome=outcome,
            uses_skill=uses_skill,
        )

    for name in ("Ahmad", "Budi", "Dedi", "Eko", "Fajar", "Hadi"):
        consent(name, Consent.GIVEN)
    consent("Candra", Consent.REFUSED)
    record("Ahmad", 6, Outcome.EMPLOYED, uses_skill=True)
    record("Ahmad", 12, Outcome.SELF_EMPLOYED, uses_skill=False)
    record("Budi", 6, Outcome.SELF_EMPLOYED, uses_skill=False)
    record("Budi", 12, Outcome.NOT_WORKING)
    record("Dedi", 6, Outcome.EMPLOYED, uses_skill=True)
    consent("Dedi", Consent.WITHDRAWN, on=date(2025, 10, 1))
    record("Eko", 6, Outcome.UNREACHABLE)
    record("Fajar", 6, Outcome.REOFFENDED)
    # Reduced to anonymous figures, as the retention command leaves a plan.
    CheckIn.objects.filter(plan=plans["Fajar"]).update(recorded_by=None)
    FollowUpPlan.objects.filter(pk=plans["Fajar"].pk).update(
        inmate=None, officer=None, consent_recorded_by=None, anonymised_at=timezone.now()
    )
    for plan in plans.values():
        plan.refresh_from_db()
    return plans


# The figures of this world (6 months, 12 months) over a period holding both milestones.
NOTHING = dict.fromkeys(
    (
        "plans",
        "given",
        "refused",
        "withdrawn",
        "pending",
        "recorded",
        "unreachable",
        "overdue",
        "reached",
        "working",
        "uses_skill",
    ),
    0,
)


def expect(**values) -> dict:
    return {**NOTHING, **values}


SIX_TOTAL = expect(
    plans=8,
    given=5,
    refused=1,
    withdrawn=1,
    pending=1,
    recorded=4,
    unreachable=1,
    overdue=1,
    reached=3,
    working=2,
    uses_skill=1,
)
TWELVE_TOTAL = expect(
    plans=8,
    given=5,
    refused=1,
    withdrawn=1,
    pending=1,
    recorded=2,
    overdue=2,  # Eko and Hadi; Fajar's plan is anonymised, nothing more can be recorded
    reached=2,
    working=1,
)


WELDING = (
    expect(
        plans=7,
        given=5,
        withdrawn=1,
        pending=1,
        recorded=4,
        unreachable=1,
        overdue=1,
        reached=3,
        working=2,
        uses_skill=1,
    ),
    expect(plans=7, given=5, withdrawn=1, pending=1, recorded=2, overdue=2, reached=2, working=1),
)
CATFISH = (
    expect(plans=2, given=1, refused=1, recorded=1, reached=1, working=1),
    expect(plans=2, given=1, refused=1, recorded=1, reached=1),
)
AGENCY_A = (
    expect(
        plans=4, given=3, withdrawn=1, recorded=2, overdue=1, reached=2, working=2, uses_skill=1
    ),
    expect(plans=4, given=3, withdrawn=1, recorded=2, overdue=1, reached=2, working=1),
)
AGENCY_B = (
    expect(plans=5, given=3, refused=1, pending=1, recorded=3, unreachable=1, reached=2, working=1),
    expect(plans=5, given=3, refused=1, pending=1, recorded=1, overdue=1, reached=1),
)
FACILITY_F = (
    expect(
        plans=5,
        given=3,
        refused=1,
        withdrawn=1,
        recorded=2,
        overdue=1,
        reached=2,
        working=2,
        uses_skill=1,
    ),
    expect(plans=5, given=3, refused=1, withdrawn=1, recorded=2, overdue=1, reached=2, working=1),
)
FACILITY_G = (
    expect(plans=3, given=2, pending=1, recorded=2, unreachable=1, reached=1),
    expect(plans=3, given=2, pending=1, overdue=1),
)

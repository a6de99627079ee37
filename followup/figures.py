"""Outcome figures of the follow-up: how released graduates are doing 6 and 12 months on.

The reports count through these functions (the dashboards, the monthly report and its
spreadsheet), so they never disagree. The rules (also in the README):

- **Period.** A plan counts at milestone M (6 or 12 months) in a period when its M-month date
  falls in the period: the release date plus M months (``followup.schedule.add_months``), which
  is the due date of its M-month check-in as scheduled. Plans whose consent was refused or
  withdrawn have no check-in left; their M-month date is worked out from the release date the
  same way. The due date and not the day of contact: each person is counted in exactly one
  period per milestone whatever day the PK officer reached him, a late record fills in the
  period it belongs to, and what is not yet recorded shows as such instead of vanishing.
- **Reached** (the denominator of both shares): plans with consent given whose M-month
  check-in is recorded with an outcome other than "tidak dapat dihubungi" (unreachable).
  **Working**: reached and employed or self-employed. **Using the skill**: reached and the
  check-in says the work uses the trained skill (``uses_skill`` True). A share whose
  denominator is 0 is None: there is no data, which is not 0%.
- **Context**: the plans at the milestone (released graduates with a plan), by their consent
  now (given, refused, withdrawn, pending); of those with consent given, the check-ins
  recorded, those recorded as unreachable, and those overdue (not recorded, due today or
  earlier, the plan not anonymised: what the PK officer's list shows).
- **Groups.** Program and agency come from the trainings the person finished (the plan's
  cohorts): a person with trainings in two programs counts once in each program's row and once
  per distinct agency, but once in the totals. Facility is the plan's facility (where he was
  released from); province is that facility's province.
- **Scope** (``PlanScope``): a facility's plans are those released from it; an agency's, those
  with a finished training the agency gave (and only those trainings make its program rows);
  a province's, those released from its facilities; nationally, all of them.
- Anonymised plans count like the others: anonymising keeps the statuses counted here.
- **Small groups** (``hidden``): where fewer than ``OUTCOME_MIN_REACHED`` people (default 3)
  were reached, the working and skill counts and shares are not given (None), in a row and in
  the totals alike: "1 of 1 working" would tell the Lapas one person's situation. The context
  counts (plans, consent, recorded, reached) stay. Only that cell is hidden: what a reader
  can work out from "3 of 3", by subtracting rows or periods, is not (README).

Each function answers in one query whatever the number of plans or groups.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, F, FilteredRelation, Q, QuerySet

from followup.models import WORKING, Consent, FollowUpPlan, Outcome
from followup.schedule import add_months
from lapas_training.periods import Period

# The milestones the figures report (the 3-month check-in is a first contact, not an outcome).
OUTCOME_MILESTONES = (6, 12)
REACHED = tuple(o for o in Outcome.values if o != Outcome.UNREACHABLE)
GROUPS = {
    "program": ("cohorts__program_id", "cohorts__program__name"),
    "agency": ("cohorts__agency_id", "cohorts__agency__name"),
    "facility": ("facility_id", "facility__name"),
    "province": ("facility__province", "facility__province"),
}
COUNTS = (
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
)


@dataclass(frozen=True)
class PlanScope:
    """Whose plans are counted: any of a facility, an agency, a province; none is everyone."""

    facility_id: int | None = None
    agency_id: int | None = None
    province: str | None = None


@dataclass
class Milestone:
    """The figures of one milestone (6 or 12 months after release) for one group."""

    months: int
    plans: int = 0
    given: int = 0
    refused: int = 0
    withdrawn: int = 0
    pending: int = 0
    recorded: int = 0
    unreachable: int = 0
    overdue: int = 0
    reached: int = 0
    working: int | None = 0
    uses_skill: int | None = 0
    # Set when fewer were reached than this: the working and skill figures are not given.
    hidden_below: int = 0

    @property
    def hidden(self) -> bool:
        return bool(self.hidden_below)

    @property
    def working_percent(self) -> float | None:
        """Share working (employed or self-employed) of those reached; None without any."""
        return None if self.hidden or not self.reached else 100 * self.working / self.reached

    @property
    def skill_percent(self) -> float | None:
        """Share whose work uses the trained skill, of those reached; None without any."""
        return None if self.hidden or not self.reached else 100 * self.uses_skill / self.reached


def _milestones() -> dict[int, Milestone]:
    return {months: Milestone(months) for months in OUTCOME_MILESTONES}


@dataclass
class OutcomeRow:
    """The 6- and 12-month figures of a group (a program, facility, agency, province) or of
    everything."""

    key: int | str | None = None
    label: str = ""
    group: str = ""
    milestones: dict[int, Milestone] = field(default_factory=_milestones)

    @property
    def m6(self) -> Milestone:
        return self.milestones[6]

    @property
    def m12(self) -> Milestone:
        return self.milestones[12]


def release_window(period: Period, months: int) -> tuple[date, date]:
    """Return the first and last release dates whose ``months``-month date is in the period.

    Adding months is monotonic, so these dates are a range. A day a month lacks moves to the
    month's end (31 August + 6 months is 28 February): a period starting 28 February starts
    its 6-month window on 28 August and one ending then ends it on 31 August.
    """
    first = add_months(period.start, -months)
    while add_months(first, months) < period.start:
        first += timedelta(days=1)
    last = add_months(period.end, -months)
    while add_months(last + timedelta(days=1), months) <= period.end:
        last += timedelta(days=1)
    return first, last


def plans_in_scope(scope: PlanScope) -> QuerySet[FollowUpPlan]:
    """Return the plans the scope counts, anonymised ones included."""
    plans = FollowUpPlan.objects.all()
    if scope.facility_id is not None:
        plans = plans.filter(facility_id=scope.facility_id)
    if scope.province is not None:
        plans = plans.filter(facility__province=scope.province)
    return plans


def _aggregates(period: Period, today: date) -> tuple[Q, dict]:
    """Return the filter of plans at any milestone in the period and the counts to take."""
    at_any = Q()
    counts = {}
    for months in OUTCOME_MILESTONES:
        at = Q(released_on__range=release_window(period, months))
        at_any |= at
        checkin = f"m{months}"
        given = at & Q(consent=Consent.GIVEN)
        reached = given & Q(**{f"{checkin}__outcome__in": REACHED})
        conditions = {
            "plans": at,
            "given": given,
            "refused": at & Q(consent=Consent.REFUSED),
            "withdrawn": at & Q(consent=Consent.WITHDRAWN),
            "pending": at & Q(consent=Consent.PENDING),
            "recorded": given & Q(**{f"{checkin}__done_on__isnull": False}),
            "unreachable": given & Q(**{f"{checkin}__outcome": Outcome.UNREACHABLE}),
            "overdue": given
            & Q(
                anonymised_at__isnull=True,
                **{f"{checkin}__done_on__isnull": True, f"{checkin}__due_on__lte": today},
            ),
            "reached": reached,
            "working": reached & Q(**{f"{checkin}__outcome__in": list(WORKING)}),
            "uses_skill": reached & Q(**{f"{checkin}__uses_skill": True}),
        }
        for name in COUNTS:
            counts[f"{checkin}_{name}"] = Count("pk", distinct=True, filter=conditions[name])
    return at_any, counts


def _fill(row: OutcomeRow, values: dict) -> OutcomeRow:
    for months, milestone in row.milestones.items():
        for name in COUNTS:
            setattr(milestone, name, values[f"m{months}_{name}"] or 0)
        if 0 < milestone.reached < settings.OUTCOME_MIN_REACHED:
            milestone.hidden_below = settings.OUTCOME_MIN_REACHED
            milestone.working, milestone.uses_skill = None, None
    return row


def _counted(scope: PlanScope, period: Period, today: date) -> tuple[QuerySet, dict]:
    at_any, counts = _aggregates(period, today)
    plans = plans_in_scope(scope).filter(at_any)
    if scope.agency_id is not None:
        # In the same filter as the grouping below: the agency's trainings make its rows.
        plans = plans.filter(cohorts__agency_id=scope.agency_id)
    plans = plans.annotate(
        **{
            f"m{months}": FilteredRelation("checkins", condition=Q(checkins__months=months))
            for months in OUTCOME_MILESTONES
        }
    )
    return plans.order_by(), counts


def outcome_totals(scope: PlanScope, period: Period, *, today: date) -> OutcomeRow:
    """Return the figures of every plan in the scope: each person once."""
    plans, counts = _counted(scope, period, today)
    return _fill(OutcomeRow(), plans.aggregate(**counts))


def outcome_rows(scope: PlanScope, period: Period, by: str, *, today: date) -> list[OutcomeRow]:
    """Return one row per ``by`` (program, agency, facility, province) with a plan at a
    milestone in the period, by label."""
    if by not in GROUPS:
        raise ValueError(f"Unknown grouping {by!r}")
    key, label = GROUPS[by]
    plans, counts = _counted(scope, period, today)
    values = plans.values(group_key=F(key), group_label=F(label)).annotate(**counts)
    rows = [
        _fill(OutcomeRow(key=v.pop("group_key"), label=v.pop("group_label"), group=by), v)
        for v in values
        if v["group_key"] is not None
    ]
    return sorted(rows, key=lambda row: (row.label.casefold(), str(row.key)))

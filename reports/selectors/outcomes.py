"""The outcome figures of the follow-up after release, for a report's scope and period.

The counting rules are ``followup.figures``'s; this module only says whose plans a report
counts: a facility's report (its staff, or a regional office or administrator narrowing to it)
the plans of people released from that facility; an agency's the plans with a training it gave
(narrowed to a facility: of those, the people released from it); a regional office's the plans
of its province's facilities; the national report every plan.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from followup.figures import OutcomeRow, PlanScope, outcome_rows, outcome_totals
from lapas_training.periods import Period
from reports.selectors.scope import ReportScope


@dataclass
class Outcomes:
    """The totals, the rows by program and the rows by the scope's breakdown."""

    totals: OutcomeRow
    programs: list[OutcomeRow]
    breakdown: list[OutcomeRow]

    @property
    def has_plans(self) -> bool:
        return any(m.plans for m in self.totals.milestones.values())

    @property
    def min_reached(self) -> int:
        """Below this many people reached a group's working and skill figures are hidden."""
        return settings.OUTCOME_MIN_REACHED


def plan_scope(scope: ReportScope) -> PlanScope:
    """Return whose follow-up plans a report of ``scope`` counts."""
    if scope.kind == "agency":
        return PlanScope(
            agency_id=scope.agency.pk, facility_id=scope.facility.pk if scope.facility else None
        )
    if scope.kind == "facility":
        return PlanScope(facility_id=scope.facility.pk)
    if scope.kind == "province":
        return PlanScope(province=scope.province)
    return PlanScope()


def outcome_figures(scope: ReportScope, period: Period) -> Outcomes:
    """Return the outcome figures of the scope over the period (three queries)."""
    plans, today = plan_scope(scope), timezone.localdate()
    return Outcomes(
        totals=outcome_totals(plans, period, today=today),
        programs=outcome_rows(plans, period, "program", today=today),
        breakdown=outcome_rows(plans, period, scope.breakdown, today=today),
    )

"""The facility's performance indicator (LKjIP): inmates with certified training against target."""

from dataclasses import dataclass
from datetime import date

from certificates.selectors import figures as certificate_figures
from inmates.models import Facility
from inmates.selectors import training_targets
from lapas_training.periods import Period
from reports.selectors.scope import ReportScope


@dataclass
class Indicator:
    facility: Facility
    year: int
    until: date
    achieved: int
    target: int | None

    @property
    def percent(self) -> float | None:
        return 100 * self.achieved / self.target if self.target else None


def indicators(scope: ReportScope, facilities, year: int, until: date) -> list[Indicator]:
    """Return each facility's achievement from 1 January to ``until`` against its target."""
    facilities = list(facilities)
    if not facilities:
        return []
    span = Period(date(year, 1, 1), min(until, date(year, 12, 31)))
    cohorts = scope.cohorts.filter(facility__in=facilities)
    achieved = certificate_figures.certified_inmates(cohorts, span, "facility")
    targets = training_targets(
        facilities=Facility.objects.filter(pk__in=[f.pk for f in facilities]), year=year
    )
    return [
        Indicator(
            facility=facility,
            year=year,
            until=span.end,
            achieved=achieved.get(facility.pk, {}).get("certified_inmates", 0),
            target=targets.get(facility.pk),
        )
        for facility in facilities
    ]


def scope_facilities(scope: ReportScope, choices):
    """Return the facilities whose indicator a scope shows: its own, or those it may choose."""
    if scope.facility is not None:
        return [scope.facility] if scope.kind == "facility" else []
    if scope.kind in {"province", "national"}:
        return list(choices)
    return []

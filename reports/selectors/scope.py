"""Whose figures a report counts: a facility, a province, an agency or the whole country."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from inmates.models import Facility
from inmates.selectors import facilities_reported_to
from lapas_training.models import Role, User
from programs.models import Cohort, PartnerAgency
from programs.selectors import cohorts_counted_for


@dataclass
class ReportScope:
    """The cohorts a report counts, what it is called, and how its tables break down."""

    kind: str  # "facility", "province", "agency" or "national"
    title: str
    cohorts: QuerySet[Cohort]
    facility: Facility | None = None
    agency: PartnerAgency | None = None
    province: str = ""

    @property
    def breakdown(self) -> str:
        """A facility's report breaks down by agency, the national one by province, others by
        facility."""
        return {"facility": "agency", "national": "province"}.get(self.kind, "facility")

    @property
    def is_facility(self) -> bool:
        return self.kind == "facility"


def facility_choices(*, user: User) -> QuerySet[Facility]:
    """Return the facilities a user may narrow a report to (none for a facility's own staff)."""
    if user.role in {Role.LAPAS_OPERATOR, Role.LAPAS_HEAD, Role.INSTRUCTOR}:
        return Facility.objects.none()
    if user.role == Role.AGENCY_ADMIN:
        held = cohorts_counted_for(user=user).values("facility_id")
        return Facility.objects.filter(pk__in=held).order_by("name")
    return facilities_reported_to(user=user).order_by("name")


def report_scope(*, user: User, facility_id: int | None = None) -> ReportScope:
    """Return the scope of the user's reports, narrowed to one facility when asked.

    A facility outside what the user may read answers 404, as if it did not exist.
    """
    cohorts = cohorts_counted_for(user=user)
    if facility_id is not None:
        facility = facility_choices(user=user).filter(pk=facility_id).first()
        if facility is None:
            raise Http404
        scope_cohorts = cohorts.filter(facility=facility)
        if user.role == Role.AGENCY_ADMIN:
            return ReportScope(
                kind="agency",
                title=f"{user.agency.name} – {facility.name}",
                cohorts=scope_cohorts,
                agency=user.agency,
                facility=facility,
            )
        return ReportScope(
            kind="facility", title=facility.name, cohorts=scope_cohorts, facility=facility
        )
    if user.role in {Role.LAPAS_OPERATOR, Role.LAPAS_HEAD}:
        return ReportScope(
            kind="facility", title=user.facility.name, cohorts=cohorts, facility=user.facility
        )
    if user.role == Role.AGENCY_ADMIN:
        return ReportScope(
            kind="agency", title=user.agency.name, cohorts=cohorts, agency=user.agency
        )
    if user.role == Role.KANWIL:
        return ReportScope(
            kind="province",
            title=_("Kanwil Ditjenpas %(province)s") % {"province": user.province},
            cohorts=cohorts,
            province=user.province,
        )
    if user.role == Role.ADMIN:
        return ReportScope(kind="national", title=_("Nasional"), cohorts=cohorts)
    raise Http404

"""What every report page shares: reading the period and scope from the query string."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404
from django.utils import timezone

from lapas_training import rules
from lapas_training.periods import Period
from reports.forms import PeriodForm, presets
from reports.selectors import ReportScope, facility_choices, report_scope


@dataclass
class ReportRequest:
    form: PeriodForm
    period: Period
    scope: ReportScope
    query: str  # the period and facility as a query string, for the links behind figures
    presets: list[tuple[str, str]]
    show_people: bool


def period_query(period: Period, facility_id: int | None = None) -> str:
    params = {"dari": period.start.isoformat(), "sampai": period.end.isoformat()}
    if facility_id:
        params["upt"] = facility_id
    return urlencode(params)


def refuse_foreign_facility(request, form) -> None:
    """Answer 404 to a facility (``upt``) the user may not narrow to, as if it did not exist.

    Facility staff have no such field: asking for any facility but their own is refused too.
    """
    form.is_valid()
    asked = request.GET.get("upt", "")
    if "upt" in form.errors or (
        asked and "upt" not in form.fields and asked != str(request.user.facility_id)
    ):
        raise Http404


def read_report_request(request) -> ReportRequest:
    """Return the period, scope and links of a report page; 404 for those who read none."""
    user = request.user
    if not rules.can_read_reports(user):
        raise Http404
    form = PeriodForm(request.GET or None, facilities=facility_choices(user=user))
    period = form.period()
    facility_id = form.facility_id()
    refuse_foreign_facility(request, form)
    scope = report_scope(user=user, facility_id=facility_id)
    today = timezone.localdate()
    return ReportRequest(
        form=form,
        period=period,
        scope=scope,
        query=period_query(period, facility_id),
        presets=[(label, period_query(p, facility_id)) for label, p in presets(today)],
        show_people=rules.can_export_participants(user),
    )

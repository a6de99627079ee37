"""The landing page: each role's dashboard, with its own cohorts underneath."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from followup.views import home_for_officer
from inmates.selectors import inmate_counts
from lapas_training import rules
from lapas_training.models import Role
from programs import selectors as programs
from reports import charts, selectors
from reports.selectors import targets
from reports.selectors.outcomes import outcome_figures
from reports.views.common import read_report_request

HOME_COHORT_LIMIT = 10
COHORT_TABLES = {
    Role.ADMIN: {"show_facility": True, "show_agency": True},
    Role.LAPAS_OPERATOR: {"show_agency": True},
    Role.LAPAS_HEAD: {"show_agency": True},
    Role.AGENCY_ADMIN: {"show_facility": True},
}


@login_required
@require_safe
def home(request):
    """Show the user's dashboard (an instructor: the classes he teaches; a PK officer: his
    clients' follow-up)."""
    user = request.user
    if rules.is_pk_officer(user):
        # A Bapas officer reads no dashboard: his home is the follow-up of his clients.
        return home_for_officer(request)
    if rules.is_instructor(user):
        cohorts = programs.home_cohorts(user=user, limit=HOME_COHORT_LIMIT)
        cohorts.sort(key=lambda cohort: not cohort.is_running)  # classes running now first
        return render(request, "reports/home_instructor.html", {"cohorts": cohorts})
    context = dashboard_context(request)
    if rules.can_see_cohorts(user):
        context["cohorts"] = programs.home_cohorts(user=user, limit=HOME_COHORT_LIMIT)
        context["cohort_table"] = COHORT_TABLES.get(user.role, {})
    if rules.can_view_inmate_register(user):
        context["inmate_counts"] = inmate_counts(user=user)
    return render(request, "reports/dashboard.html", context)


def dashboard_context(request) -> dict:
    """Return the figures of the dashboard for the period and scope in the query string."""
    report = read_report_request(request)
    scope, period = report.scope, report.period
    figures = selectors.Figures(scope, period)
    overall, program_rows = figures.totals(), figures.rows("program")
    # A regional office sees every facility of its province, those that trained nobody too.
    every = selectors.facility_choices(user=request.user) if scope.kind == "province" else None
    breakdown_rows = figures.rows(scope.breakdown, every=every)
    months = figures.months()
    today = timezone.localdate()
    year = min(period.end, today).year
    indicators = targets.indicators(
        scope,
        targets.scope_facilities(scope, every if every is not None else []),
        year,
        until=min(period.end, today),
    )
    context = {
        "report": report,
        "totals": overall,
        "program_rows": program_rows,
        "breakdown_rows": breakdown_rows,
        "months": months,
        # Training events that ran: one line each, across the programs of their cohorts.
        "event_rows": figures.rows("event"),
        "indicators": indicators,
        "indicator_year": year,
        # How released graduates are doing 6 and 12 months on (the Bapas' follow-up).
        "outcomes": outcome_figures(scope, period),
        "can_set_target": scope.facility is not None
        and rules.can_set_training_target(request.user, scope.facility)
        and request.user.facility_id == scope.facility.pk,
        "program_chart": charts.bar_chart(
            [row.label for row in program_rows],
            [
                (_series("participants"), [row.participants for row in program_rows]),
                (_series("certificates"), [row.certificates for row in program_rows]),
            ],
        ),
    }
    if len(months) > 1:
        context["month_chart"] = charts.bar_chart(
            [bar.label for bar in months],
            [
                (_series("participants"), [bar.participants for bar in months]),
                (_series("certificates"), [bar.certificates for bar in months]),
            ],
        )
    return context


def _series(name: str) -> str:
    return {"participants": _("Peserta"), "certificates": _("Sertifikat")}[name]

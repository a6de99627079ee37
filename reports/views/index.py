"""The reports page: the monthly report, the report cards, and the period's lists to export."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from lapas_training import rules
from programs.selectors import cohorts_visible_to
from reports.forms import MonthForm, ReportCardForm
from reports.selectors import facility_choices
from reports.views.common import read_report_request


def report_card_form(request, data=None) -> ReportCardForm:
    """Return the report card form, offering the cohorts of the user's facility."""
    today = timezone.localdate()
    cohorts = cohorts_visible_to(user=request.user).select_related("program")
    if data is not None and "semester" not in data:
        data = data.copy()
        data["semester"] = current_semester(today)
    return ReportCardForm(
        data,
        initial={"semester": current_semester(today)},
        cohorts=cohorts.order_by("-start_date", "name"),
        today=today,
    )


def current_semester(today) -> str:
    return f"{today.year}-{1 if today.month <= 6 else 2}"


def index_page(request, *, month_form=None, report_card_form_=None, status=200):
    """Render the reports page, with a form's errors next to its fields when one was wrong."""
    report = read_report_request(request)
    today = timezone.localdate()
    if month_form is None:
        month_form = MonthForm(
            initial={"bulan": f"{today:%Y-%m}"}, facilities=facility_choices(user=request.user)
        )
    if report_card_form_ is None and rules.can_print_report_cards(request.user):
        report_card_form_ = report_card_form(request)
    context = {"report": report, "month_form": month_form, "report_card_form": report_card_form_}
    return render(request, "reports/index.html", context, status=status)


@login_required
@require_safe
def index(request):
    """Where the monthly report and report cards are printed and the lists exported."""
    return index_page(request)

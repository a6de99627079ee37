"""The reports page, and the monthly report "Laporan Pembinaan Kemandirian" as PDF and XLSX."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from certificates.pdf import render_document
from lapas_training import rules
from lapas_training.audit import audit_log
from lapas_training.exports import safe_filename, xlsx_response
from reports.forms import MonthForm
from reports.selectors import facility_choices, report_scope
from reports.selectors.monthly import (
    OUTCOME_HEADER,
    monthly_report,
    monthly_rows,
    outcome_sheet_rows,
)
from reports.views.common import refuse_foreign_facility
from reports.views.index import index_page


def _monthly(request):
    if not rules.can_read_reports(request.user):
        raise Http404
    data = request.GET.copy()
    data.setdefault("bulan", f"{timezone.localdate():%Y-%m}")  # this month unless chosen
    form = MonthForm(data, facilities=facility_choices(user=request.user))
    refuse_foreign_facility(request, form)
    if not form.is_valid():
        return None, form
    scope = report_scope(user=request.user, facility_id=form.facility_id())
    choices = facility_choices(user=request.user) if scope.kind == "province" else ()
    return monthly_report(scope, form.period(), facilities=choices), form


def _invalid(request, form):
    return index_page(request, month_form=form, status=400)


def _name(report) -> str:
    return safe_filename(
        f"laporan-pembinaan-kemandirian-{report.scope.title}-{report.period.start:%Y-%m}"
    ).lower()


@login_required
@require_safe
def monthly_pdf(request):
    """The monthly report as an A4 portrait PDF, opened in the browser to print."""
    report, form = _monthly(request)
    if report is None:
        return _invalid(request, form)
    content = render_document("reports/pdf/monthly.html", {"report": report})
    audit_log(
        action="report.monthly_printed",
        actor=request.user,
        data={"scope": report.scope.title, "month": report.period.label, "format": "pdf"},
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_name(report)}.pdf"'
    return response


@login_required
@require_safe
def monthly_xlsx(request):
    """The same figures as the PDF, as a workbook: per program, the cohorts that ran, the
    indicators and the outcomes after release."""
    report, form = _monthly(request)
    if report is None:
        return _invalid(request, form)
    header, rows = monthly_rows(report)
    cohort_rows = [
        [
            c.name,
            c.program.name,
            c.facility.name,
            c.agency.name,
            f"{c.start_date:%d/%m/%Y}",
            f"{c.end_date:%d/%m/%Y}",
            str(c.get_status_display()),
            c.participants,
            c.finished,
        ]
        for c in report.cohorts
    ]
    audit_log(
        action="report.monthly_exported",
        actor=request.user,
        data={"scope": report.scope.title, "month": report.period.label, "rows": len(rows)},
    )
    cohort_header = [
        "angkatan",
        "program",
        "upt",
        "instansi_mitra",
        "mulai",
        "selesai",
        "status",
        "peserta",
        "selesai_pelatihan",
    ]
    indicator_rows = [
        [i.facility.name, i.year, i.achieved, i.target or "", _rounded(i.percent)]
        for i in report.indicators
    ]
    return xlsx_response(
        [
            (_("Per program"), header, rows),
            (_("Angkatan"), cohort_header, cohort_rows),
            (_("Indikator kinerja"), INDICATOR_HEADER, indicator_rows),
            (_("Hasil setelah bebas"), OUTCOME_HEADER, outcome_sheet_rows(report)),
        ],
        name=_name(report),
    )


INDICATOR_HEADER = ["upt", "tahun", "wbp_bersertifikat", "target", "persen"]


def _rounded(value):
    return "" if value is None else round(value, 1)

"""The lists behind the figures: cohorts, participants and the certificate register."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from lapas_training import rules
from lapas_training.audit import audit_log
from lapas_training.exports import FORMATS, export_response
from lapas_training.pagination import paginate
from programs.models import Cohort
from programs.selectors import figures as cohort_figures
from reports import selectors
from reports.selectors import exports
from reports.views.common import read_report_request

FILTERS = ("program", "facility", "agency", "event")
ID = re.compile(r"[0-9]{1,18}")
# About ten seconds of writing on the reference machine; longer lists go out as streamed CSV.
XLSX_MAX_ROWS = 50_000


def _narrowed(request, cohorts):
    """Keep the cohorts of the program, facility, agency or event named in the query string."""
    for name in FILTERS:
        value = request.GET.get(name, "")
        if value:
            if not ID.fullmatch(value):
                raise Http404
            cohorts = cohorts.filter(**{f"{name}_id": int(value)})
    province = request.GET.get("province", "").strip()
    if province:
        cohorts = cohorts.filter(facility__province=province)
    return cohorts


def _export(request, report, kind: str, queryset, header, rows, name: str):
    """Return the download asked for by ``format``, audited with its row count, or None."""
    fmt = request.GET.get("format", "")
    if fmt not in FORMATS:
        return None
    count = queryset.count()
    if fmt == "xlsx" and count > XLSX_MAX_ROWS:
        # A workbook is written whole before it is sent; a CSV streams, whatever its length.
        messages.warning(
            request,
            _(
                "Daftar ini berisi %(rows)s baris, terlalu banyak untuk XLSX (paling banyak "
                "%(max)s). Unduh CSV: dikirim bertahap dan dibuka di Excel."
            )
            % {"rows": intcomma(count), "max": intcomma(XLSX_MAX_ROWS)},
        )
        query = request.GET.copy()
        del query["format"]
        return redirect(f"{request.path}?{query.urlencode()}")
    audit_log(
        action=f"report.{kind}_exported",
        actor=request.user,
        data={
            "format": fmt,
            "rows": count,
            "scope": report.scope.title,
            "period": report.period.label,
            "query": request.GET.urlencode(),
        },
    )
    return export_response(
        fmt, name=name, header=header, rows=rows, title=exports.export_title(kind)
    )


@login_required
@require_safe
def cohort_figures_list(request):
    """List the cohorts that ran in the period, each with its figures (a regional office too)."""
    report = read_report_request(request)
    scope = report.scope
    scope.cohorts = _narrowed(request, scope.cohorts)
    # The cohorts the "cohorts" figure counts: those that ran in the period.
    rows = {
        row.key: row for row in selectors.figure_rows(scope, report.period, "cohort") if row.cohorts
    }
    cohorts = (
        Cohort.objects.filter(pk__in=list(rows))
        .select_related("program", "facility", "agency")
        .order_by("-start_date", "name", "pk")
    )
    page = paginate(request, cohorts)
    for cohort in page:
        cohort.figures = rows[cohort.pk]
    return render(
        request,
        "reports/cohort_list.html",
        {
            "report": report,
            "page": page,
            "link_cohorts": rules.can_see_cohorts(request.user),
            "title": _("Angkatan pada periode"),
        },
    )


@login_required
@require_safe
def participant_list(request):
    """List (or export) the participants behind a figure; never to a regional office."""
    report = read_report_request(request)
    if not report.show_people:
        raise Http404
    figure = request.GET.get("angka", "participants")
    if figure not in cohort_figures.enrollment_filters(report.period):
        raise Http404
    cohorts = _narrowed(request, report.scope.cohorts)
    enrollments = exports.participants_counted(cohorts, report.period, figure)
    response = _export(
        request,
        report,
        "participants",
        enrollments,
        exports.PARTICIPANT_HEADER,
        exports.participant_rows(enrollments),
        f"peserta-{report.period.start:%Y%m%d}-{report.period.end:%Y%m%d}",
    )
    if response is not None:
        return response
    page = paginate(request, enrollments.with_attendance())
    return render(
        request,
        "reports/participant_list.html",
        {"report": report, "page": page, "figure": figure, "title": _("Peserta pada periode")},
    )


@login_required
@require_safe
def certificate_register(request):
    """The certificate register of the period ("buku register sertifikat"), or its export."""
    report = read_report_request(request)
    if not report.show_people:
        raise Http404
    status = request.GET.get("status", "")
    cohorts = _narrowed(request, report.scope.cohorts)
    certificates = exports.certificate_register(cohorts, report.period, status)
    response = _export(
        request,
        report,
        "certificates",
        certificates,
        exports.CERTIFICATE_HEADER,
        exports.certificate_rows(certificates),
        f"register-sertifikat-{report.period.start:%Y%m%d}-{report.period.end:%Y%m%d}",
    )
    if response is not None:
        return response
    return render(
        request,
        "reports/certificate_register.html",
        {
            "report": report,
            "page": paginate(request, certificates),
            "status": status,
            "title": _("Buku register sertifikat"),
        },
    )

"""A cohort's participant list with results, and its attendance recap, as CSV or XLSX."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_safe

from lapas_training import rules
from lapas_training.audit import audit_log
from lapas_training.exports import FORMATS, export_response
from programs.selectors import cohort_for_user_or_404
from reports.selectors import exports


def _cohort(request, pk: int):
    cohort = cohort_for_user_or_404(user=request.user, pk=pk)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS or not rules.can_export_participants(request.user):
        raise Http404
    return cohort, fmt


@login_required
@require_safe
def cohort_participants_export(request, pk: int):
    """The cohort's participants with their status, result, attendance and certificate."""
    cohort, fmt = _cohort(request, pk)
    enrollments = exports.cohort_participants(cohort)
    audit_log(
        action="report.cohort_participants_exported",
        actor=request.user,
        obj=cohort,
        data={"format": fmt, "rows": enrollments.count()},
    )
    return export_response(
        fmt,
        name=f"peserta-angkatan-{cohort.pk}",
        header=[*exports.PARTICIPANT_HEADER, "nomor_sertifikat"],
        rows=exports.participant_rows(enrollments, certificate=True),
        title=exports.export_title("participants"),
    )


@login_required
@require_safe
def cohort_attendance_export(request, pk: int):
    """The cohort's attendance recap: a letter per participant and session, and the totals."""
    cohort, fmt = _cohort(request, pk)
    header, rows = exports.attendance_recap(cohort)
    audit_log(
        action="report.cohort_attendance_exported",
        actor=request.user,
        obj=cohort,
        data={"format": fmt, "rows": len(rows)},
    )
    return export_response(
        fmt,
        name=f"rekap-presensi-angkatan-{cohort.pk}",
        header=header,
        rows=rows,
        title=exports.export_title("attendance"),
    )

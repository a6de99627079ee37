"""Teaching pages: a session's attendance, the grid, the assessment, closing and reopening."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lapas_training import rules
from programs import selectors, services
from programs.forms import AssessmentForm, AssessmentFormSet, AttendanceFormSet
from programs.models import Attendance
from programs.services import Assessment
from programs.views.cohorts import cohort_reason_action


def _may_record(user, cohort) -> bool:
    """Return whether the user records this cohort's attendance and results right now."""
    return rules.can_teach(user, cohort) and cohort.is_running


@login_required
@require_http_methods(["GET", "POST"])
def session_attendance(request, pk: int, session_pk: int):
    """Record one session's attendance: everyone present unless marked otherwise, one save."""
    cohort = selectors.cohort_for_user_or_404(user=request.user, pk=pk)
    session = get_object_or_404(cohort.sessions, pk=session_pk)
    if request.method == "POST" and not rules.can_teach(request.user, cohort):
        raise Http404
    roster = selectors.cohort_roster(cohort=cohort)
    recorded = selectors.session_marks(session=session)
    # A session not yet taken starts with everyone present: tap only the exceptions.
    default = "" if session.attendance_taken_at else Attendance.Status.PRESENT
    formset = AttendanceFormSet(
        request.POST if request.method == "POST" else None,
        rows=roster,
        initial_for=lambda e: {
            "status": recorded[e.pk].status if e.pk in recorded else default,
            "note": recorded[e.pk].note if e.pk in recorded else "",
        },
        disabled=not _may_record(request.user, cohort),
    )
    if request.method == "POST" and formset.is_valid():
        try:
            counts = services.attendance_record(
                actor=request.user, session=session, entries=formset.entries()
            )
        except ValidationError as exc:
            formset.add_validation_error(exc)
        else:
            messages.success(
                request,
                _(
                    "Kehadiran disimpan: %(hadir)s hadir, %(izin)s izin, %(sakit)s sakit, "
                    "%(alpa)s alpa."
                )
                % counts,
            )
            return redirect("programs:cohort_detail", pk=cohort.pk)
    return render(
        request,
        "programs/session_attendance.html",
        {
            "cohort": cohort,
            "session": session,
            "formset": formset,
            "can_edit": _may_record(request.user, cohort),
        },
    )


@login_required
def cohort_attendance(request, pk: int):
    """The attendance grid: participants by sessions, with each one's attendance percent."""
    cohort = selectors.cohort_for_user_or_404(user=request.user, pk=pk)
    sessions, rows = selectors.attendance_grid(cohort=cohort)
    return render(
        request,
        "programs/cohort_attendance.html",
        {"cohort": cohort, "sessions": sessions, "rows": rows},
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_assessment(request, pk: int):
    """Record K/BK, score, notes and unit results for the whole cohort with one save."""
    cohort = selectors.cohort_for_user_or_404(user=request.user, pk=pk)
    if request.method == "POST" and not rules.can_teach(request.user, cohort):
        raise Http404
    units = list(cohort.program.units.all())
    roster = selectors.cohort_roster(cohort=cohort)
    results = selectors.unit_results(cohort=cohort)
    formset = AssessmentFormSet(
        request.POST if request.method == "POST" else None,
        rows=roster,
        initial_for=lambda e: AssessmentForm.initial(e, units=units, unit_results=results),
        disabled=not _may_record(request.user, cohort),
        form_kwargs={"units": units},
    )
    if request.method == "POST" and formset.is_valid():
        assessments = {
            form.row_object.pk: Assessment(
                result=form.cleaned_data["result"],
                score=form.cleaned_data["score"],
                notes=form.cleaned_data["notes"],
                units=form.unit_results(),
            )
            for form in formset
        }
        try:
            changed = services.assessments_record(
                actor=request.user, cohort=cohort, assessments=assessments
            )
        except ValidationError as exc:
            formset.add_validation_error(exc)
        else:
            messages.success(
                request, _("Hasil penilaian disimpan (%(count)s berubah).") % {"count": changed}
            )
            return redirect("programs:cohort_assessment", pk=cohort.pk)
    return render(
        request,
        "programs/cohort_assessment.html",
        {
            "cohort": cohort,
            "units": units,
            "formset": formset,
            "can_edit": _may_record(request.user, cohort),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_close(request, pk: int):
    """Show the summary and close the cohort, freezing attendance and results."""
    cohort = selectors.cohort_for_user_or_404(user=request.user, pk=pk, may=rules.can_teach)
    errors: list[str] = []
    if request.method == "POST":
        try:
            summary = services.cohort_close(actor=request.user, cohort=cohort)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                _(
                    "Angkatan ditutup: %(competent)s kompeten, %(not_yet)s belum kompeten, "
                    "%(withdrawn)s keluar."
                )
                % summary,
            )
            return redirect("programs:cohort_detail", pk=cohort.pk)
    roster = selectors.cohort_roster(cohort=cohort)
    return render(
        request,
        "programs/cohort_close.html",
        {
            "cohort": cohort,
            "summary": selectors.cohort_summary(cohort=cohort),
            "unassessed": [e for e in roster if e.is_enrolled and not e.result],
            "below_minimum": [e for e in roster if e.meets_min_attendance(cohort.program) is False],
            "errors": errors,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_reopen(request, pk: int):
    """Reopen a closed cohort, with a reason: system administrators only."""
    return cohort_reason_action(
        request,
        selectors.cohort_for_user_or_404(
            user=request.user, pk=pk, may=lambda user, _cohort: rules.can_reopen_cohort(user)
        ),
        service=services.cohort_reopen,
        label=_("Alasan membuka kembali"),
        success=_("Angkatan dibuka kembali."),
        title=_("Buka kembali angkatan"),
        question=_(
            "Buka kembali %(cohort)s? Kehadiran dan hasil dapat diubah lagi sampai ditutup."
        ),
        submit=_("Buka kembali"),
    )

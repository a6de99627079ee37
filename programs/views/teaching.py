"""Teaching pages: a session's attendance, the grid, the assessment, closing and reopening."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lapas_training import rules
from programs import selectors, services
from programs.forms import AssessmentForm, AssessmentFormSet
from programs.services import Assessment
from programs.views.cohorts import cohort_reason_action
from programs.views.sessions import may_record


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
        disabled=not may_record(request.user, cohort),
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
            "can_edit": may_record(request.user, cohort),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_close(request, pk: int):
    """Show exactly what closing does, then close the cohort, freezing attendance and results."""
    cohort = selectors.cohort_for_user_or_404(user=request.user, pk=pk, may=rules.can_teach)
    errors: list[str] = []
    if request.method == "POST":
        try:
            summary = services.cohort_close(
                actor=request.user,
                cohort=cohort,
                cancel_remaining=request.POST.get("cancel_remaining") == "1",
            )
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
    today = timezone.localdate()
    roster = selectors.cohort_roster(cohort=cohort)
    return render(
        request,
        "programs/cohort_close.html",
        {
            "cohort": cohort,
            "summary": selectors.cohort_summary(cohort=cohort),
            "hours": selectors.cohort_hours(cohort=cohort),
            "unassessed": [e for e in roster if e.is_enrolled and not e.result],
            "below_minimum": [e for e in roster if e.meets_min_attendance(cohort.program) is False],
            "waiting": selectors.waiting_sessions(cohort=cohort, today=today),
            "remaining": selectors.remaining_sessions(cohort=cohort, today=today),
            "completing": sum(1 for e in roster if e.is_enrolled),
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

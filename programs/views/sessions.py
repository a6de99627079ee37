"""Session pages: record one session's attendance, or mark it not held."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lapas_training import rules
from lapas_training.forms import apply_validation_error
from programs import selectors, services
from programs.forms import AttendanceFormSet, NotHeldForm
from programs.models import Attendance


def may_record(user, cohort) -> bool:
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
    ahead = session.date > timezone.localdate()
    editable = may_record(request.user, cohort) and not session.is_not_held and not ahead
    # A session not yet taken starts with everyone present, to tap only the exceptions; a
    # page that only shows it leaves unrecorded marks empty rather than invent them.
    default = Attendance.Status.PRESENT if editable and not session.is_recorded else ""
    formset = AttendanceFormSet(
        request.POST if request.method == "POST" else None,
        rows=roster,
        initial_for=lambda e: {
            "status": recorded[e.pk].status if e.pk in recorded else default,
            "note": recorded[e.pk].note if e.pk in recorded else "",
        },
        disabled=not editable,
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
            "can_edit": editable,
            "ahead": ahead,
            "can_mark": may_record(request.user, cohort) and not session.is_recorded,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_not_held(request, pk: int, session_pk: int):
    """Mark a session as not held, with a reason, or take the mark back."""
    cohort = selectors.cohort_for_user_or_404(user=request.user, pk=pk, may=rules.can_teach)
    session = get_object_or_404(cohort.sessions, pk=session_pk)
    if request.method == "POST" and "clear" in request.POST:
        try:
            services.session_clear_not_held(actor=request.user, session=session)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Tanda tidak dilaksanakan dibatalkan."))
        return redirect("programs:session_attendance", pk=cohort.pk, session_pk=session.pk)
    form = NotHeldForm(
        request.POST if request.method == "POST" else None,
        initial={"reason": session.not_held_reason, "note": session.not_held_note},
    )
    if request.method == "POST":
        try:
            if form.is_valid():
                services.session_mark_not_held(
                    actor=request.user,
                    session=session,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
                messages.success(
                    request,
                    _("Sesi %(date)s ditandai tidak dilaksanakan.")
                    % {"date": session.date.strftime("%d/%m/%Y")},
                )
                return redirect("programs:cohort_detail", pk=cohort.pk)
        except ValidationError as exc:
            apply_validation_error(form, exc)
    return render(
        request,
        "programs/session_not_held.html",
        {"cohort": cohort, "session": session, "form": form, "can_edit": cohort.is_running},
    )

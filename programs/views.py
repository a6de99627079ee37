"""Home pages per role, and the cohort pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from inmates.models import Inmate
from inmates.selectors import inmates_visible_to
from lapas_training import rules
from lapas_training.forms import ReasonForm, apply_validation_error
from lapas_training.models import Role
from lapas_training.pagination import paginate
from programs import selectors, services
from programs.forms import (
    CohortForm,
    ScheduleForm,
    SessionForm,
    WithdrawForm,
    parse_assessments,
    parse_attendance,
)
from programs.models import Attendance, Cohort, Enrollment, UnitResult

HOME_TEMPLATES = {
    Role.ADMIN: "programs/home_admin.html",
    Role.LAPAS_OPERATOR: "programs/home_facility.html",
    Role.LAPAS_HEAD: "programs/home_facility.html",
    Role.AGENCY_ADMIN: "programs/home_agency.html",
    Role.INSTRUCTOR: "programs/home_instructor.html",
}
HOME_COHORT_LIMIT = 10


@login_required
def home(request):
    """Show the landing page made for the user's role."""
    user = request.user
    cohorts = selectors.cohort_list(user=user).exclude(status=Cohort.Status.CANCELLED)
    status_counts = selectors.cohorts_visible_to(user=user).aggregate(
        planned=Count("id", filter=Q(status=Cohort.Status.PLANNED)),
        running=Count("id", filter=Q(status=Cohort.Status.RUNNING)),
        closed=Count("id", filter=Q(status=Cohort.Status.CLOSED)),
    )
    cohorts = list(cohorts[:HOME_COHORT_LIMIT])
    selectors.cohort_progress(cohorts)
    context = {
        "cohorts": cohorts,
        "status_counts": status_counts,
    }
    if rules.can_view_inmate_register(user):
        context["inmate_counts"] = inmates_visible_to(user=user).aggregate(
            active=Count("id", filter=Q(status=Inmate.Status.ACTIVE)),
            total=Count("id"),
        )
    template = HOME_TEMPLATES.get(user.role, "programs/home_facility.html")
    return render(request, template, context)


@login_required
def cohort_list(request):
    """List the cohorts the user may see, searchable and filterable by status."""
    search = request.GET.get("q", "")
    status = request.GET.get("status", "")
    page = paginate(request, selectors.cohort_list(user=request.user, search=search, status=status))
    return render(
        request,
        "programs/cohort_list.html",
        {
            "page": page,
            "search": search,
            "status": status,
            "statuses": Cohort.Status.choices,
            "can_create": rules.can_create_cohort(request.user),
        },
    )


@login_required
def cohort_detail(request, pk: int):
    """Show a cohort with its sessions and participants."""
    cohort = _cohort_or_404(request.user, pk)
    participants = list(selectors.cohort_participants(cohort=cohort))
    return render(
        request,
        "programs/cohort_detail.html",
        {
            "cohort": cohort,
            "participants": participants,
            "active_count": sum(1 for e in participants if e.status != Enrollment.Status.WITHDRAWN),
            "sessions": cohort.sessions.all(),
            "instructors": cohort.instructors.all(),
            "can_manage": rules.can_manage_cohort(request.user, cohort),
            "can_enroll": rules.can_enroll(request.user, cohort),
            "can_teach": rules.can_teach(request.user, cohort),
            "can_reopen": rules.can_reopen_cohort(request.user),
        },
    )


def _cohort_or_404(user, pk: int) -> Cohort:
    return selectors.cohort_for_user_or_404(user=user, pk=pk)


def _managed_cohort_or_404(user, pk: int) -> Cohort:
    """Return a cohort the user may change; anyone else gets 404 as if it did not exist."""
    cohort = _cohort_or_404(user, pk)
    if not rules.can_manage_cohort(user, cohort):
        raise Http404
    return cohort


def _enrollable_cohort_or_404(user, pk: int) -> Cohort:
    cohort = _cohort_or_404(user, pk)
    if not rules.can_enroll(user, cohort):
        raise Http404
    return cohort


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request):
    """Open a cohort of a program with a partner agency in a facility."""
    if not rules.can_create_cohort(request.user):
        raise Http404
    form = CohortForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cohort = services.cohort_create(
                actor=request.user,
                program=data["program"],
                facility=request.user.facility or data["facility"],
                agency=request.user.agency or data["agency"],
                name=data["name"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                capacity=data["capacity"],
                place=data["place"],
                instructors=list(data["instructors"]),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Angkatan dibuat. Susun jadwal sesinya."))
            return redirect("programs:cohort_detail", pk=cohort.pk)
    return render(request, "programs/cohort_form.html", {"form": form, "cohort": None})


@login_required
@require_http_methods(["GET", "POST"])
def cohort_edit(request, pk: int):
    """Change a cohort's program, dates, capacity, place and instructors."""
    cohort = _managed_cohort_or_404(request.user, pk)
    form = CohortForm(request.POST or None, instance=cohort, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        instructors = list(data.pop("instructors"))
        try:
            services.cohort_update(
                actor=request.user,
                cohort=Cohort.objects.get(pk=cohort.pk),
                instructors=instructors,
                **data,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Angkatan disimpan."))
            return redirect("programs:cohort_detail", pk=cohort.pk)
    return render(request, "programs/cohort_form.html", {"form": form, "cohort": cohort})


@login_required
@require_http_methods(["GET", "POST"])
def cohort_schedule(request, pk: int):
    """Generate sessions from a weekday pattern, or add one session."""
    cohort = _managed_cohort_or_404(request.user, pk)
    schedule_form = ScheduleForm(
        request.POST if "generate" in request.POST else None, prefix="schedule"
    )
    session_form = SessionForm(request.POST if "add" in request.POST else None, prefix="session")
    if request.method == "POST":
        try:
            if "generate" in request.POST and schedule_form.is_valid():
                created = services.sessions_generate(
                    actor=request.user, cohort=cohort, **schedule_form.cleaned_data
                )
                messages.success(
                    request, _("%(count)s sesi ditambahkan.") % {"count": len(created)}
                )
                return redirect("programs:cohort_schedule", pk=cohort.pk)
            if "add" in request.POST and session_form.is_valid():
                services.session_create(
                    actor=request.user, cohort=cohort, **session_form.cleaned_data
                )
                messages.success(request, _("Sesi ditambahkan."))
                return redirect("programs:cohort_schedule", pk=cohort.pk)
        except ValidationError as exc:
            apply_validation_error(
                schedule_form if "generate" in request.POST else session_form, exc
            )
    return render(
        request,
        "programs/cohort_schedule.html",
        {
            "cohort": cohort,
            "sessions": cohort.sessions.all(),
            "schedule_form": schedule_form,
            "session_form": session_form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_delete(request, pk: int, session_pk: int):
    """Remove one session, after confirmation."""
    cohort = _managed_cohort_or_404(request.user, pk)
    session = get_object_or_404(cohort.sessions, pk=session_pk)
    if request.method == "POST":
        try:
            services.session_delete(actor=request.user, session=session)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Sesi dihapus."))
        return redirect("programs:cohort_schedule", pk=cohort.pk)
    return render(
        request,
        "programs/confirm.html",
        {
            "cohort": cohort,
            "title": _("Hapus sesi"),
            "question": _("Hapus sesi %(session)s?") % {"session": session},
            "submit": _("Hapus sesi"),
            "back": reverse("programs:cohort_schedule", args=[cohort.pk]),
        },
    )


@login_required
@require_POST
def cohort_start(request, pk: int):
    """Mark a planned cohort as running."""
    cohort = _managed_cohort_or_404(request.user, pk)
    try:
        services.cohort_start(actor=request.user, cohort=cohort)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Angkatan dimulai."))
    return redirect("programs:cohort_detail", pk=cohort.pk)


def _cohort_reason_action(
    request, cohort, *, service, label, success, title, question, submit
) -> HttpResponse:
    """Ask for a written reason, then run ``service`` on the cohort; errors stay on the form."""
    form = ReasonForm(request.POST or None, label=label)
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, cohort=cohort, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, success)
            return redirect("programs:cohort_detail", pk=cohort.pk)
    return render(
        request,
        "programs/confirm.html",
        {
            "cohort": cohort,
            "form": form,
            "title": title,
            "question": question % {"cohort": cohort},
            "submit": submit,
            "back": reverse("programs:cohort_detail", args=[cohort.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_cancel(request, pk: int):
    """Cancel a cohort, with a reason, after confirmation."""
    return _cohort_reason_action(
        request,
        _managed_cohort_or_404(request.user, pk),
        service=services.cohort_cancel,
        label=_("Alasan pembatalan"),
        success=_("Angkatan dibatalkan."),
        title=_("Batalkan angkatan"),
        question=_("Batalkan angkatan %(cohort)s? Tindakan ini tidak dapat diurungkan."),
        submit=_("Batalkan angkatan"),
    )


PICKER_PAGE_SIZE = 50


@login_required
def enrollment_picker(request, pk: int):
    """Search the facility's inmates and tick several; ticks survive searching and paging."""
    cohort = _enrollable_cohort_or_404(request.user, pk)
    search = request.GET.get("q", "")
    picked = selectors.picked_inmates(
        user=request.user, cohort=cohort, ids=request.GET.getlist("pick")
    )
    page = paginate(
        request,
        selectors.enrollment_candidates(user=request.user, cohort=cohort, search=search),
        per_page=PICKER_PAGE_SIZE,
    )
    eligibility = services.enrollment_eligibility_bulk(cohort=cohort, inmates=page.object_list)
    active = selectors.cohort_active_count(cohort=cohort)
    picked_ids = {inmate.pk for inmate in picked}
    return render(
        request,
        "programs/enrollment_picker.html",
        {
            "cohort": cohort,
            "search": search,
            "page": page,
            "rows": [(eligibility[inmate.pk], inmate.pk in picked_ids) for inmate in page],
            "picked": picked,
            "picked_off_page": [i for i in picked if i.pk not in eligibility],
            "active": active,
            "free": max(cohort.capacity - active, 0),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrollment_confirm(request, pk: int):
    """Show the eligibility of every picked inmate; enrol them all with one confirmation."""
    cohort = _enrollable_cohort_or_404(request.user, pk)
    source = request.POST if request.method == "POST" else request.GET
    picked = selectors.picked_inmates(user=request.user, cohort=cohort, ids=source.getlist("pick"))
    errors: dict[str, list[str]] = {}
    general_errors: list[str] = []
    reasons = {inmate.pk: source.get(f"reason_{inmate.pk}", "") for inmate in picked}
    if request.method == "POST":
        try:
            created = services.enrollments_create(
                actor=request.user, cohort=cohort, inmates=picked, override_reasons=reasons
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors = dict(exc.message_dict)
                general_errors = errors.pop(NON_FIELD_ERRORS, [])
            else:
                general_errors = exc.messages
        else:
            messages.success(
                request,
                ngettext("%(count)s WBP didaftarkan.", "%(count)s WBP didaftarkan.", len(created))
                % {"count": len(created)},
            )
            return redirect("programs:cohort_detail", pk=cohort.pk)
    eligibility = services.enrollment_eligibility_bulk(cohort=cohort, inmates=picked)
    active = selectors.cohort_active_count(cohort=cohort)
    return render(
        request,
        "programs/enrollment_confirm.html",
        {
            "cohort": cohort,
            "rows": [
                (eligibility[i.pk], reasons.get(i.pk, ""), errors.get(str(i.pk), []))
                for i in picked
            ],
            "general_errors": general_errors,
            "blocked": sum(1 for i in picked if eligibility[i.pk].blocks),
            "active": active,
            "after": active + len(picked),
            "picked": picked,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrollment_withdraw(request, pk: int, enrollment_pk: int):
    """Take a participant out of the cohort, with a reason, after confirmation."""
    cohort = _enrollable_cohort_or_404(request.user, pk)
    enrollment = get_object_or_404(cohort.enrollments.select_related("inmate"), pk=enrollment_pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrollment_withdraw(
                actor=request.user,
                enrollment=enrollment,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s dikeluarkan dari angkatan.") % {"name": enrollment.inmate.full_name},
            )
            return redirect("programs:cohort_detail", pk=cohort.pk)
    return render(
        request,
        "programs/confirm.html",
        {
            "cohort": cohort,
            "form": form,
            "title": _("Keluarkan peserta"),
            "question": _("Keluarkan %(name)s (%(number)s) dari angkatan ini?")
            % {
                "name": enrollment.inmate.full_name,
                "number": enrollment.inmate.registration_number,
            },
            "submit": _("Keluarkan"),
            "back": reverse("programs:cohort_detail", args=[cohort.pk]),
        },
    )


@login_required
def print_participants(request, pk: int):
    """The participant list, for printing on A4."""
    cohort = _cohort_or_404(request.user, pk)
    participants = [
        e
        for e in selectors.cohort_participants(cohort=cohort)
        if e.status != Enrollment.Status.WITHDRAWN
    ]
    return render(
        request,
        "programs/print_participants.html",
        {"cohort": cohort, "participants": participants, "instructors": cohort.instructors.all()},
    )


@login_required
def print_attendance(request, pk: int, session_pk: int):
    """The attendance sheet of one session with a signature column, for printing on A4."""
    cohort = _cohort_or_404(request.user, pk)
    session = get_object_or_404(cohort.sessions, pk=session_pk)
    participants = [
        e
        for e in selectors.cohort_participants(cohort=cohort)
        if e.status != Enrollment.Status.WITHDRAWN
    ]
    return render(
        request,
        "programs/print_attendance.html",
        {
            "cohort": cohort,
            "session": session,
            "participants": participants,
            "instructors": cohort.instructors.all(),
        },
    )


def _taught_cohort_or_404(user, pk: int) -> Cohort:
    """Return a cohort whose attendance and results the user records; others get 404."""
    cohort = _cohort_or_404(user, pk)
    if not rules.can_teach(user, cohort):
        raise Http404
    return cohort


@login_required
@require_http_methods(["GET", "POST"])
def session_attendance(request, pk: int, session_pk: int):
    """Record one session's attendance: everyone present unless marked otherwise, one save."""
    cohort = _cohort_or_404(request.user, pk)
    session = get_object_or_404(cohort.sessions, pk=session_pk)
    can_edit = rules.can_teach(request.user, cohort) and cohort.status == Cohort.Status.RUNNING
    roster = [
        e for e in selectors.cohort_roster(cohort=cohort) if e.status == Enrollment.Status.ENROLLED
    ]
    errors: list[str] = []
    if request.method == "POST":
        if not rules.can_teach(request.user, cohort):
            raise Http404
        entries = parse_attendance(request.POST, roster)
        try:
            counts = services.attendance_record(
                actor=request.user, session=session, entries=entries
            )
        except ValidationError as exc:
            errors = exc.messages
            marks = {pk: status for pk, (status, _note) in entries.items()}
            notes = {pk: note for pk, (_status, note) in entries.items()}
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
    else:
        recorded = {a.enrollment_id: a for a in session.attendances.all()}
        taken = session.attendance_taken_at is not None
        # A session not yet taken starts with everyone present: tap only the exceptions.
        marks = {
            e.pk: recorded[e.pk].status if e.pk in recorded else ("" if taken else "hadir")
            for e in roster
        }
        notes = {e.pk: recorded[e.pk].note if e.pk in recorded else "" for e in roster}
    return render(
        request,
        "programs/session_attendance.html",
        {
            "cohort": cohort,
            "session": session,
            "rows": [(e, marks.get(e.pk, ""), notes.get(e.pk, "")) for e in roster],
            "statuses": Attendance.Status.choices,
            "errors": errors,
            "can_edit": can_edit,
        },
    )


@login_required
def cohort_attendance(request, pk: int):
    """The attendance grid: participants by sessions, with each one's attendance percent."""
    cohort = _cohort_or_404(request.user, pk)
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
    cohort = _cohort_or_404(request.user, pk)
    units = list(cohort.program.units.all())
    roster = [
        e for e in selectors.cohort_roster(cohort=cohort) if e.status != Enrollment.Status.WITHDRAWN
    ]
    unit_results = {
        (u.enrollment_id, u.unit_id): u.result
        for u in UnitResult.objects.filter(enrollment__cohort=cohort)
    }
    can_edit = rules.can_teach(request.user, cohort) and cohort.status == Cohort.Status.RUNNING
    errors: dict[str, list[str]] = {}
    general: list[str] = []
    posted = None
    if request.method == "POST":
        if not rules.can_teach(request.user, cohort):
            raise Http404
        assessments, errors = parse_assessments(request.POST, roster, units)
        if not errors:
            try:
                changed = services.assessments_record(
                    actor=request.user, cohort=cohort, assessments=assessments
                )
            except ValidationError as exc:
                errors = dict(exc.message_dict) if hasattr(exc, "error_dict") else {}
                general = errors.pop(NON_FIELD_ERRORS, []) or (
                    [] if hasattr(exc, "error_dict") else exc.messages
                )
            else:
                messages.success(
                    request, _("Hasil penilaian disimpan (%(count)s berubah).") % {"count": changed}
                )
                return redirect("programs:cohort_assessment", pk=cohort.pk)
        posted = request.POST
    rows = []
    for e in roster:
        if posted is not None:
            values = {
                "result": posted.get(f"result_{e.pk}", ""),
                "score": posted.get(f"score_{e.pk}", ""),
                "notes": posted.get(f"notes_{e.pk}", ""),
                "units": [(u, posted.get(f"unit_{e.pk}_{u.pk}", "")) for u in units],
            }
        else:
            values = {
                "result": e.result,
                "score": "" if e.score is None else f"{e.score.normalize():f}",
                "notes": e.assessor_notes,
                "units": [(u, unit_results.get((e.pk, u.pk), "")) for u in units],
            }
        rows.append((e, values, errors.get(str(e.pk), []), e.meets_min_attendance(cohort.program)))
    return render(
        request,
        "programs/cohort_assessment.html",
        {
            "cohort": cohort,
            "units": units,
            "rows": rows,
            "general_errors": general,
            "can_edit": can_edit,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_close(request, pk: int):
    """Show the summary and close the cohort, freezing attendance and results."""
    cohort = _taught_cohort_or_404(request.user, pk)
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
            "summary": services.cohort_summary(cohort=cohort),
            "unassessed": [e for e in roster if e.status == "enrolled" and not e.result],
            "below_minimum": [e for e in roster if e.meets_min_attendance(cohort.program) is False],
            "errors": errors,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_reopen(request, pk: int):
    """Reopen a closed cohort, with a reason: system administrators only."""
    cohort = _cohort_or_404(request.user, pk)
    if not rules.can_reopen_cohort(request.user):
        raise Http404
    return _cohort_reason_action(
        request,
        cohort,
        service=services.cohort_reopen,
        label=_("Alasan membuka kembali"),
        success=_("Angkatan dibuka kembali."),
        title=_("Buka kembali angkatan"),
        question=_(
            "Buka kembali %(cohort)s? Kehadiran dan hasil dapat diubah lagi sampai ditutup."
        ),
        submit=_("Buka kembali"),
    )

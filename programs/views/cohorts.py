"""Cohort pages: list, detail, open and change, schedule, start and cancel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from lapas_training import rules
from lapas_training.forms import ReasonForm, apply_validation_error
from lapas_training.pagination import paginate
from lapas_training.scoping import parse_id
from programs import selectors, services
from programs.forms import CohortForm, ScheduleForm, SessionForm
from programs.models import Cohort, SessionState


@login_required
def cohort_list(request):
    """List the cohorts the user may see, searchable and filterable by status."""
    if not rules.can_see_cohorts(request.user):
        raise Http404
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


NEEDS_ACTION = (SessionState.TODAY, SessionState.WAITING)


@login_required
def cohort_detail(request, pk: int):
    """Show a cohort with its sessions and participants."""
    cohort = selectors.cohort_for_user_or_404(user=request.user, pk=pk)
    participants = list(selectors.cohort_participants(cohort=cohort))
    today = timezone.localdate()
    sessions = selectors.cohort_sessions(cohort=cohort, today=today)
    session_filter = request.GET.get("sesi", "")
    return render(
        request,
        "programs/cohort_detail.html",
        {
            "cohort": cohort,
            "participants": participants,
            "active_count": sum(1 for e in participants if not e.is_withdrawn),
            "sessions": [s for s in sessions if s.current_state == session_filter]
            if session_filter in SessionState.values
            else sessions,
            "session_filter": session_filter,
            "session_states": [
                (state, label, sum(1 for s in sessions if s.current_state == state))
                for state, label in SessionState.choices
            ],
            # Today's session first, then those still waiting to be recorded, oldest first.
            "needs_action": sorted(
                (s for s in sessions if s.current_state in NEEDS_ACTION),
                key=lambda s: (s.current_state != SessionState.TODAY, s.date, s.start_time),
            ),
            "hours": selectors.cohort_hours(cohort=cohort),
            "instructors": cohort.instructors.all(),
            "can_manage": rules.can_manage_cohort(request.user, cohort),
            "can_enroll": rules.can_enroll(request.user, cohort),
            "can_teach": rules.can_teach(request.user, cohort),
            "can_reopen": rules.can_reopen_cohort(request.user),
            "can_see_certificates": rules.can_see_certificates(request.user, cohort),
            "can_export": rules.can_export_participants(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request):
    """Open a cohort of a program with a partner agency in a facility."""
    if not rules.can_create_cohort(request.user):
        raise Http404
    form = CohortForm(request.POST or None, user=request.user, initial=_event_initial(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cohort = services.cohort_create(
                actor=request.user,
                facility=request.user.facility or data["facility"],
                agency=request.user.agency or data["agency"],
                **form.cohort_values(),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Angkatan dibuat. Susun jadwal sesinya."))
            return redirect("programs:cohort_detail", pk=cohort.pk)
    return render(request, "programs/cohort_form.html", {"form": form, "cohort": None})


def _event_initial(request) -> dict:
    """Start a cohort inside the event named by ``?kegiatan=``, within its dates."""
    pk = parse_id(request.GET.get("kegiatan", ""))
    event = selectors.event_choices(user=request.user).filter(pk=pk).first() if pk else None
    if event is None:
        return {}
    return {
        "event": event,
        "facility": event.facility_id,
        "start_date": event.start_date,
        "end_date": event.end_date,
    }


@login_required
@require_http_methods(["GET", "POST"])
def cohort_edit(request, pk: int):
    """Change a cohort's program, dates, capacity, place and instructors."""
    cohort = selectors.cohort_for_user_or_404(user=request.user, pk=pk, may=rules.can_manage_cohort)
    form = CohortForm(request.POST or None, instance=cohort, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_update(actor=request.user, cohort=cohort, **form.cohort_values())
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
    cohort = selectors.cohort_for_user_or_404(user=request.user, pk=pk, may=rules.can_manage_cohort)
    generating, adding = "generate" in request.POST, "add" in request.POST
    schedule_form = ScheduleForm(request.POST if generating else None, prefix="schedule")
    session_form = SessionForm(request.POST if adding else None, prefix="session")
    if request.method == "POST":
        try:
            if generating and schedule_form.is_valid():
                created = services.sessions_generate(
                    actor=request.user, cohort=cohort, **schedule_form.cleaned_data
                )
                messages.success(
                    request, _("%(count)s sesi ditambahkan.") % {"count": len(created)}
                )
                return redirect("programs:cohort_schedule", pk=cohort.pk)
            if adding and session_form.is_valid():
                services.session_create(
                    actor=request.user, cohort=cohort, **session_form.cleaned_data
                )
                messages.success(request, _("Sesi ditambahkan."))
                return redirect("programs:cohort_schedule", pk=cohort.pk)
        except ValidationError as exc:
            apply_validation_error(schedule_form if generating else session_form, exc)
    return render(
        request,
        "programs/cohort_schedule.html",
        {
            "cohort": cohort,
            "sessions": cohort.sessions.all(),
            "today": timezone.localdate(),
            "schedule_form": schedule_form,
            "session_form": session_form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_delete(request, pk: int, session_pk: int):
    """Remove one session, after confirmation."""
    cohort = selectors.cohort_for_user_or_404(user=request.user, pk=pk, may=rules.can_manage_cohort)
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
    cohort = selectors.cohort_for_user_or_404(user=request.user, pk=pk, may=rules.can_manage_cohort)
    try:
        services.cohort_start(actor=request.user, cohort=cohort)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Angkatan dimulai."))
    return redirect("programs:cohort_detail", pk=cohort.pk)


def cohort_reason_action(
    request, cohort, *, service, label, success, title, question, submit, consequences=()
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
            "consequences": consequences,
            "submit": submit,
            "back": reverse("programs:cohort_detail", args=[cohort.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_cancel(request, pk: int):
    """Cancel a cohort, with a reason, after a confirmation that says what it ends."""
    cohort = selectors.cohort_for_user_or_404(user=request.user, pk=pk, may=rules.can_manage_cohort)
    participants = selectors.cohort_active_count(cohort=cohort)
    return cohort_reason_action(
        request,
        cohort,
        service=services.cohort_cancel,
        label=_("Alasan pembatalan"),
        success=_("Angkatan dibatalkan."),
        title=_("Batalkan angkatan"),
        question=_("Batalkan angkatan %(cohort)s? Tindakan ini tidak dapat diurungkan."),
        submit=_("Batalkan angkatan"),
        consequences=[
            _("Angkatan tidak dapat dimulai, diubah, atau diisi presensi dan hasilnya lagi."),
            ngettext(
                "%(count)s peserta tetap tercatat pada angkatan yang dibatalkan dan tidak "
                "mendapat sertifikat darinya.",
                "%(count)s peserta tetap tercatat pada angkatan yang dibatalkan dan tidak "
                "mendapat sertifikat darinya.",
                participants,
            )
            % {"count": participants},
            _("Alasan pembatalan dicatat dengan nama Anda."),
        ],
    )

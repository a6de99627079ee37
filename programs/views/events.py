"""Training event pages: list, open and change, the event with its cohorts, its participant list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lapas_training import rules
from lapas_training.forms import apply_validation_error
from lapas_training.pagination import paginate
from programs import selectors, services
from programs.forms import EventForm


@login_required
def event_list(request):
    """List the training events the user may see."""
    if not rules.can_see_cohorts(request.user):
        raise Http404
    return render(
        request,
        "programs/event_list.html",
        {
            "page": paginate(request, selectors.event_list(user=request.user)),
            "can_create": rules.can_create_event(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    """Open a training event of a facility with its partner agencies."""
    if not rules.can_create_event(request.user):
        raise Http404
    initial = {"agencies": [request.user.agency]} if request.user.agency else {}
    form = EventForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                actor=request.user,
                facility=request.user.facility or form.cleaned_data["facility"],
                **form.event_values(),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Kegiatan dibuat. Tambahkan angkatan ke dalamnya."))
            return redirect("programs:event_detail", pk=event.pk)
    return render(request, "programs/event_form.html", {"form": form, "event": None})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk: int):
    """Change an event's name, decree, funding, dates and agencies."""
    event = selectors.event_for_user_or_404(user=request.user, pk=pk, may=rules.can_manage_event)
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=request.user, event=event, **form.event_values())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Kegiatan disimpan."))
            return redirect("programs:event_detail", pk=event.pk)
    return render(request, "programs/event_form.html", {"form": form, "event": event})


@login_required
def event_detail(request, pk: int):
    """An event with its cohorts, their counts and progress."""
    event = selectors.event_for_user_or_404(user=request.user, pk=pk)
    cohorts = selectors.event_cohorts(user=request.user, event=event)
    return render(
        request,
        "programs/event_detail.html",
        {
            "event": event,
            "agencies": event.agencies.all(),
            "cohorts": cohorts,
            "figures": selectors.event_figures(cohorts),
            "can_manage": rules.can_manage_event(request.user, event),
            "can_add_cohort": rules.can_create_cohort(request.user)
            and rules.can_manage_event(request.user, event),
            "can_hand_over": rules.can_hand_over_event(request.user, event),
        },
    )


@login_required
def event_print_participants(request, pk: int):
    """One participant list across the event's programs, for printing on A4."""
    event = selectors.event_for_user_or_404(user=request.user, pk=pk)
    participants = list(selectors.event_participants(user=request.user, event=event))
    per_program: dict[str, int] = {}
    for enrollment in participants:
        program = enrollment.cohort.program.name
        per_program[program] = per_program.get(program, 0) + 1
    return render(
        request,
        "programs/event_print_participants.html",
        {
            "event": event,
            "agencies": event.agencies.all(),
            "participants": participants,
            "per_program": sorted(per_program.items()),
        },
    )

"""Enrolling inmates in a cohort, many at once, and withdrawing one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from lapas_training import rules
from lapas_training.forms import apply_validation_error
from lapas_training.pagination import paginate
from programs import selectors, services
from programs.forms import WithdrawForm

PICKER_PAGE_SIZE = 50


@login_required
def enrollment_picker(request, pk: int):
    """Search the facility's inmates and tick several; ticks survive searching and paging."""
    cohort = selectors.cohort_for_user_or_404(user=request.user, pk=pk, may=rules.can_enroll)
    search = request.GET.get("q", "")
    picked = selectors.picked_inmates(
        user=request.user, cohort=cohort, ids=request.GET.getlist("pick")
    )
    page = paginate(
        request,
        selectors.enrollment_candidates(user=request.user, cohort=cohort, search=search),
        per_page=PICKER_PAGE_SIZE,
    )
    eligibility = selectors.enrollment_eligibility_bulk(cohort=cohort, inmates=page.object_list)
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
    cohort = selectors.cohort_for_user_or_404(user=request.user, pk=pk, may=rules.can_enroll)
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
    eligibility = selectors.enrollment_eligibility_bulk(cohort=cohort, inmates=picked)
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
    cohort = selectors.cohort_for_user_or_404(user=request.user, pk=pk, may=rules.can_enroll)
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

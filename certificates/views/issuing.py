"""Issuing a closed cohort's certificates: who qualifies, the hours, confirm, issue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from certificates import documents, selectors, services
from lapas_training import rules
from lapas_training.forms import ReasonForm, apply_validation_error
from lapas_training.scoping import parse_id
from programs.selectors import cohort_for_user_or_404


@login_required
@require_GET
def cohort_certificates(request, pk: int):
    """Who qualifies and why not, the hours the certificates will state, and those issued."""
    cohort = cohort_for_user_or_404(user=request.user, pk=pk, may=rules.can_see_certificates)
    rows = selectors.issuance_preview(cohort=cohort)
    return render(
        request,
        "certificates/cohort_certificates.html",
        {
            "cohort": cohort,
            "rows": rows,
            "to_issue": sum(1 for row in rows if row.to_issue),
            "valid_count": sum(1 for row in rows if row.certificate and row.certificate.is_valid),
            "can_issue": rules.can_issue_certificates(request.user, cohort),
            "can_reopen": rules.can_reopen_cohort(request.user),
            "plan": selectors.hours_plan(cohort=cohort),
            "ceremonies": cohort.ceremonies.all(),
            "progress": selectors.render_progress(cohort=cohort),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def certificates_issue(request, pk: int):
    """Say exactly what issuing will do (how many, which numbers, which hours), then do it."""
    cohort = cohort_for_user_or_404(user=request.user, pk=pk, may=rules.can_issue_certificates)
    if request.method == "POST":
        expected = [pk for pk in map(parse_id, request.POST.getlist("enrollment")) if pk]
        try:
            issued = services.certificates_issue(
                actor=request.user,
                cohort=cohort,
                expected=expected,
                expected_hours=_posted_number(request, "hours"),
                expected_first=_posted_number(request, "first"),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if not issued:
                messages.info(request, _("Tidak ada sertifikat baru yang diterbitkan."))
                return redirect("certificates:cohort", pk=cohort.pk)
            messages.success(
                request,
                ngettext(
                    "%(count)s sertifikat diterbitkan.",
                    "%(count)s sertifikat diterbitkan.",
                    len(issued),
                )
                % {"count": len(issued)},
            )
        return redirect("certificates:cohort", pk=cohort.pk)
    rows = [row for row in selectors.issuance_preview(cohort=cohort) if row.to_issue]
    plan = selectors.hours_plan(cohort=cohort)
    today = timezone.localdate()
    numbers = selectors.next_numbers(cohort=cohort, count=len(rows), on=today)
    first_sequence = selectors.next_sequence(agency=cohort.agency, year=today.year)
    sample = None
    if rows and plan.printed is not None and cohort.is_closed:
        sample = documents.build_snapshot(
            enrollment=rows[0].enrollment,
            number=numbers[0],
            code="contoh",
            issued_at=timezone.now(),
            units=documents.program_units(cohort.program),
            hours=plan.printed,
        )
    return render(
        request,
        "certificates/issue_confirm.html",
        {
            "cohort": cohort,
            "rows": rows,
            "plan": plan,
            "numbers": numbers,
            "first_sequence": first_sequence,
            "sample": sample,
        },
    )


def _posted_number(request, name: str) -> int:
    """Return a whole number the confirmation page posted back, or -1 when it is not one."""
    value = request.POST.get(name, "")
    return int(value) if value.isascii() and value.isdigit() else -1


@login_required
@require_http_methods(["GET", "POST"])
def hours_decision(request, pk: int):
    """Decide in writing to certify the hours a cohort delivered, when short of the program's."""
    cohort = cohort_for_user_or_404(user=request.user, pk=pk, may=rules.can_issue_certificates)
    plan = selectors.hours_plan(cohort=cohort)
    form = ReasonForm(request.POST or None, label=_("Alasan mencantumkan JP yang terlaksana"))
    if request.method == "POST" and form.is_valid():
        try:
            services.hours_decision_record(
                actor=request.user, cohort=cohort, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Keputusan disimpan: sertifikat mencantumkan %(hours)s JP.")
                % {"hours": plan.hours.delivered},
            )
            return redirect("certificates:cohort", pk=cohort.pk)
    return render(
        request, "certificates/hours_decision.html", {"cohort": cohort, "plan": plan, "form": form}
    )

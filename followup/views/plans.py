"""Follow-up plans: the list, one plan, the person's consent, and the plan's Bapas and officer.

Every object comes through ``followup.selectors``: out of the user's scope is the same 404 as
missing. Writes go through ``followup.services``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from followup import selectors, services
from followup.forms import AssignForm, ConsentForm
from followup.models import Consent
from followup.views.rows import checkin_rows
from lapas_training import rules
from lapas_training.forms import apply_validation_error
from lapas_training.pagination import paginate

OVERDUE = "overdue"


@login_required
@require_safe
def plan_list(request):
    """List the plans the user may open, searchable, filtered by consent or overdue check-ins."""
    if not rules.can_see_followup(request.user):
        raise Http404
    today = timezone.localdate()
    search = request.GET.get("q", "")
    consent = request.GET.get("consent", "")
    due = request.GET.get("due", "")
    page = paginate(
        request,
        selectors.plan_list(
            user=request.user,
            today=today,
            search=search,
            consent=consent,
            overdue=due == OVERDUE,
        ),
    )
    sees_content = selectors.sees_checkin_content(request.user)
    rows = [(plan, checkin_rows(plan, today=today, with_content=sees_content)) for plan in page]
    return render(
        request,
        "followup/plan_list.html",
        {
            "page": page,
            "rows": rows,
            "search": search,
            "consent": consent,
            "due": due,
            "consents": Consent.choices,
            "show_facility": not request.user.facility_id,
            "show_bapas": not request.user.bapas_id,
        },
    )


def _detail_context(request, plan, *, consent_form=None) -> dict:
    user = request.user
    trainings = list(selectors.plan_trainings(plan=plan))
    certificates = [c for enrollment in trainings for c in enrollment.certificates.all()]
    return {
        "plan": plan,
        "inmate": plan.inmate,
        "trainings": trainings,
        "openable": selectors.openable_certificates(user=user, certificates=certificates),
        "checkins": checkin_rows(
            plan,
            today=timezone.localdate(),
            with_content=selectors.sees_checkin_content(user),
        ),
        "consent_form": consent_form or _consent_form(user, plan),
        "can_assign": rules.can_assign_followup(user),
        "can_take": rules.is_pk_officer(user) and plan.officer_id is None,
        "can_record": rules.can_record_checkins(user) and plan.may_record,
    }


@login_required
@require_safe
def plan_detail(request, pk: int):
    """One plan: the person, his trainings and certificates, the Bapas, consent, check-ins."""
    plan = selectors.plan_for_user_or_404(user=request.user, pk=pk)
    return render(request, "followup/plan_detail.html", _detail_context(request, plan))


@login_required
@require_http_methods(["GET", "POST"])
def plan_consent(request, pk: int):
    """Record the person's answer: the plan's Bapas and admins; the Lapas operator the first
    answer at release (``selectors.consent_answers``). Anyone else: 404."""
    plan = selectors.plan_for_user_or_404(user=request.user, pk=pk)
    form = _consent_form(request.user, plan, request.POST or None)
    if form is None:
        raise Http404
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.consent_record(
                actor=request.user,
                plan=plan,
                consent=form.cleaned_data["consent"],
                on=form.cleaned_data["on"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _consent_message(plan.consent, removed=form.recorded))
            return redirect("followup:detail", pk=plan.pk)
    return render(request, "followup/consent.html", {"plan": plan, "form": form})


def _consent_form(user, plan, data=None) -> ConsentForm | None:
    answers = selectors.consent_answers(user=user, plan=plan)
    return ConsentForm(data, plan=plan, answers=answers) if answers else None


def _consent_message(consent: str, *, removed: int) -> str:
    if consent == Consent.GIVEN:
        return _("Persetujuan dicatat: klien bersedia ditindaklanjuti.")
    if consent == Consent.REFUSED:
        return _("Penolakan dicatat: tidak ada kontak yang akan dicatat untuk klien ini.")
    if removed:
        return ngettext(
            "Penarikan persetujuan dicatat: %(n)d catatan kontak klien ini telah dihapus.",
            "Penarikan persetujuan dicatat: %(n)d catatan kontak klien ini telah dihapus.",
            removed,
        ) % {"n": removed}
    return _("Penarikan persetujuan dicatat: jadwal kontak klien ini telah dihapus.")


@login_required
@require_http_methods(["GET", "POST"])
def plan_assign(request, pk: int):
    """Give the plan to a Bapas that receives the facility's releases, and to one officer."""
    plan = selectors.plan_for_user_or_404(user=request.user, pk=pk)
    if not rules.can_assign_followup(request.user):
        raise Http404
    bapas = selectors.bapas_choices(plan=plan)
    form = AssignForm(
        request.POST or None,
        bapas=bapas,
        officers=selectors.officer_choices(bapas=bapas),
        initial={"bapas": plan.bapas_id, "officer": plan.officer_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_assign(
                actor=request.user,
                plan=plan,
                bapas=form.cleaned_data["bapas"],
                officer=form.cleaned_data["officer"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Bapas dan PK penanggung jawab disimpan."))
            return redirect("followup:detail", pk=plan.pk)
    return render(request, "followup/assign.html", {"plan": plan, "form": form})


@login_required
@require_POST
def plan_take(request, pk: int):
    """A PK officer of the plan's Bapas takes a client no officer follows yet; else 404."""
    plan = selectors.plan_for_user_or_404(user=request.user, pk=pk)
    if not rules.is_pk_officer(request.user) or plan.officer_id is not None:
        raise Http404
    try:
        services.plan_take(actor=request.user, plan=plan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Anda kini PK penanggung jawab %(name)s.") % {"name": plan.inmate.full_name},
        )
    return redirect("followup:detail", pk=plan.pk)

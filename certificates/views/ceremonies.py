"""Handover ceremonies: plan one in handover order, see it, print its combined PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from certificates import selectors, services
from certificates.forms import CeremonyForm, HandoverOrderFormSet
from lapas_training import rules
from lapas_training.forms import apply_validation_error
from programs.selectors import cohort_for_user_or_404, event_for_user_or_404


def _plan(request, *, certificates, place: str, occasion: dict, context: dict):
    """The handover form of a cohort or an event: date, place, officials, the order.

    ``occasion`` names what is handed over (``cohort=``, or ``event=`` and ``agency=``).
    """
    positions = {c.pk: n for n, c in enumerate(certificates, start=1)}
    form = CeremonyForm(request.POST or None, initial={"place": place})
    order_formset = HandoverOrderFormSet(
        request.POST if request.method == "POST" else None,
        rows=certificates,
        initial_for=lambda c: {"position": positions[c.pk]},
    )
    if request.method == "POST" and all([form.is_valid(), order_formset.is_valid()]):
        try:
            ceremony = services.ceremony_create(
                actor=request.user,
                order=order_formset.order(),
                date=form.cleaned_data["date"],
                place=form.cleaned_data["place"],
                officials=form.cleaned_data["officials"],
                **occasion,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "order" in exc.error_dict:
                order_formset.add_validation_error(exc)
            else:
                apply_validation_error(form, exc)
        else:
            messages.success(request, _("Penyerahan disiapkan; PDF cetak sedang disusun."))
            return redirect("certificates:ceremony", pk=ceremony.pk)
    return render(
        request,
        "certificates/ceremony_form.html",
        {"form": form, "order_formset": order_formset, **context},
    )


@login_required
@require_http_methods(["GET", "POST"])
def ceremony_create(request, pk: int):
    """Plan the handover of a cohort's certificates."""
    cohort = cohort_for_user_or_404(user=request.user, pk=pk, may=rules.can_issue_certificates)
    return _plan(
        request,
        certificates=selectors.ceremony_candidates(cohort=cohort),
        place=cohort.place,
        occasion={"cohort": cohort},
        context={
            "subtitle": f"{cohort.program.name} · {cohort.name}",
            "back_url": reverse("certificates:cohort", args=[cohort.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_ceremony_create(request, pk: int):
    """Plan one handover for an event: an agency's certificates of all its cohorts at once."""
    event = event_for_user_or_404(user=request.user, pk=pk, may=rules.can_hand_over_event)
    agencies = selectors.event_ceremony_agencies(user=request.user, event=event)
    chosen = request.POST.get("agency") or request.GET.get("instansi", "")
    if chosen:
        # An agency named that the user may not hand over for is as if it did not exist.
        agency = next((a for a in agencies if str(a.pk) == chosen), None)
    else:  # the first agency with certificates to hand over, else the first one
        agency = next(
            (a for a in agencies if selectors.event_ceremony_candidates(event=event, agency=a)),
            agencies[0] if agencies else None,
        )
    if agency is None:
        raise Http404
    return _plan(
        request,
        certificates=selectors.event_ceremony_candidates(event=event, agency=agency),
        place="Aula Lapas",
        occasion={"event": event, "agency": agency},
        context={
            "subtitle": f"{event.name} · {agency.name}",
            "back_url": reverse("programs:event_detail", args=[event.pk]),
            "by_program": True,
            "agency": agency,
            "agencies": agencies if len(agencies) > 1 else [],
            "ceremonies": event.ceremonies.filter(agency=agency),
        },
    )


@login_required
def ceremony_detail(request, pk: int):
    """A ceremony: its handover order and the combined print PDF."""
    ceremony = selectors.ceremony_for_user_or_404(user=request.user, pk=pk)
    return render(
        request,
        "certificates/ceremony_detail.html",
        {
            "ceremony": ceremony,
            "items": selectors.ceremony_items(ceremony=ceremony),
            "progress": selectors.ceremony_render_progress(ceremony=ceremony),
            "can_manage": rules.can_manage_ceremony(request.user, ceremony),
        },
    )


@login_required
def ceremony_download(request, pk: int):
    """Serve the stored combined PDF: every certificate in handover order, then the receipt."""
    ceremony = selectors.ceremony_for_user_or_404(user=request.user, pk=pk)
    if not ceremony.pdf:
        messages.info(request, _("PDF cetak penyerahan ini sedang disusun. Unduh setelah selesai."))
        return redirect("certificates:ceremony", pk=ceremony.pk)
    services.record_ceremony_print(actor=request.user, ceremony=ceremony)
    return FileResponse(
        ceremony.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"penyerahan-sertifikat-{ceremony.pk}.pdf",
    )

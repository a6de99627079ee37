"""Handover ceremonies: plan one in handover order, see it, print its combined PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from certificates import selectors, services
from certificates.forms import CeremonyForm, HandoverOrderFormSet
from lapas_training import rules
from lapas_training.forms import apply_validation_error
from programs.selectors import cohort_for_user_or_404


@login_required
@require_http_methods(["GET", "POST"])
def ceremony_create(request, pk: int):
    """Plan the handover: date, place, officials and the order of the certificates."""
    cohort = cohort_for_user_or_404(user=request.user, pk=pk, may=rules.can_issue_certificates)
    certificates = selectors.ceremony_candidates(cohort=cohort)
    positions = {c.pk: n for n, c in enumerate(certificates, start=1)}
    form = CeremonyForm(request.POST or None, initial={"place": cohort.place})
    order_formset = HandoverOrderFormSet(
        request.POST if request.method == "POST" else None,
        rows=certificates,
        initial_for=lambda c: {"position": positions[c.pk]},
    )
    if request.method == "POST" and all([form.is_valid(), order_formset.is_valid()]):
        try:
            ceremony = services.ceremony_create(
                actor=request.user,
                cohort=cohort,
                order=order_formset.order(),
                date=form.cleaned_data["date"],
                place=form.cleaned_data["place"],
                officials=form.cleaned_data["officials"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "order" in exc.error_dict:
                order_formset.add_validation_error(exc)
            else:
                apply_validation_error(form, exc)
        else:
            messages.success(request, _("Penyerahan disiapkan; PDF cetak siap diunduh."))
            return redirect("certificates:ceremony", pk=ceremony.pk)
    return render(
        request,
        "certificates/ceremony_form.html",
        {"cohort": cohort, "form": form, "order_formset": order_formset},
    )


@login_required
def ceremony_detail(request, pk: int):
    """A ceremony: its handover order and the combined print PDF."""
    ceremony = selectors.ceremony_for_user_or_404(user=request.user, pk=pk)
    return render(
        request,
        "certificates/ceremony_detail.html",
        {"ceremony": ceremony, "items": selectors.ceremony_items(ceremony=ceremony)},
    )


@login_required
def ceremony_download(request, pk: int):
    """Serve the stored combined PDF: every certificate in handover order, then the receipt."""
    ceremony = selectors.ceremony_for_user_or_404(user=request.user, pk=pk)
    if not ceremony.pdf:
        raise Http404
    services.record_ceremony_print(actor=request.user, ceremony=ceremony)
    return FileResponse(
        ceremony.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"penyerahan-sertifikat-{ceremony.pk}.pdf",
    )

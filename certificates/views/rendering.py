"""How far the background rendering of PDFs has come, and trying again when it gave up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from certificates import selectors, services
from lapas_training import rules
from programs.selectors import cohort_for_user_or_404


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def cohort_progress(request, pk: int):
    """The cohort's certificates: how many PDFs are stored, of how many, how many failed."""
    cohort = cohort_for_user_or_404(user=request.user, pk=pk, may=rules.can_see_certificates)
    return _no_store(JsonResponse(selectors.render_progress(cohort=cohort).as_dict()))


@login_required
@require_POST
def cohort_retry(request, pk: int):
    """Send the cohort's certificates still without a PDF back to the workers."""
    cohort = cohort_for_user_or_404(user=request.user, pk=pk, may=rules.can_issue_certificates)
    count = services.retry_rendering(actor=request.user, cohort=cohort)
    messages.info(
        request,
        ngettext(
            "%(count)s PDF sertifikat dibuat ulang.",
            "%(count)s PDF sertifikat dibuat ulang.",
            count,
        )
        % {"count": count},
    )
    return redirect("certificates:cohort", pk=cohort.pk)


@login_required
@require_GET
def ceremony_progress(request, pk: int):
    """Whether the ceremony's print PDF is stored yet."""
    ceremony = selectors.ceremony_for_user_or_404(user=request.user, pk=pk)
    return _no_store(JsonResponse(selectors.ceremony_render_progress(ceremony=ceremony).as_dict()))


@login_required
@require_POST
def ceremony_retry(request, pk: int):
    """Assemble the ceremony's print PDF again after it gave up."""
    ceremony = selectors.ceremony_for_user_or_404(user=request.user, pk=pk)
    if not rules.can_manage_ceremony(request.user, ceremony):
        raise Http404
    services.retry_ceremony(actor=request.user, ceremony=ceremony)
    messages.info(request, _("PDF cetak penyerahan disusun ulang."))
    return redirect("certificates:ceremony", pk=ceremony.pk)

"""The participants' semester report cards ("rapor pembinaan kemandirian"), one A4 page each."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from certificates.pdf import render_document
from lapas_training import rules
from lapas_training.audit import audit_log
from lapas_training.exports import safe_filename
from lapas_training.periods import indonesian_date
from reports.selectors.monthly import signatory
from reports.selectors.report_cards import report_cards, semester
from reports.selectors.scope import report_scope
from reports.views.index import index_page, report_card_form


@login_required
@require_safe
def report_cards_pdf(request):
    """Print the report cards of a cohort, or of every participant of the facility."""
    if not rules.can_print_report_cards(request.user):
        raise Http404
    form = report_card_form(request, request.GET)
    if not form.is_valid():
        return index_page(request, report_card_form_=form, status=400)
    facility = request.user.facility
    scope = report_scope(user=request.user)
    cohort = form.cleaned_data.get("angkatan")
    cohorts = scope.cohorts.filter(pk=cohort.pk) if cohort else scope.cohorts
    year, half = form.chosen_semester()
    period = semester(year, half)
    cards = report_cards(cohorts, period)
    label = dict(form.fields["semester"].choices)[form.cleaned_data["semester"]]
    content = render_document(
        "reports/pdf/report_cards.html",
        {
            "cards": cards,
            "facility": facility,
            "semester": label,
            "cohort": cohort,
            "signatory": signatory(scope),
            "printed_on": indonesian_date(timezone.localdate()),
        },
    )
    audit_log(
        action="report.report_cards_printed",
        actor=request.user,
        obj=cohort,
        data={"facility": facility.name, "semester": f"{year}-{half}", "cards": len(cards)},
    )
    name = safe_filename(f"rapor-{year}-{half}-{cohort.pk if cohort else facility.code}")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response

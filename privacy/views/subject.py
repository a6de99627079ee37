"""The data subject report: everything held about one inmate, as a PDF and as a JSON file.

Produced by his facility's staff (or a system administrator) when he asks for access to his
data (UU PDP); everyone else gets the 404 of a missing inmate. Every report is audited.
"""

import json

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from certificates.pdf import render_document
from inmates.selectors import inmates_visible_to
from lapas_training import rules
from lapas_training.audit import audit_log
from lapas_training.scoping import get_for_user_or_404
from privacy.labels import ACTION_LABELS
from privacy.selectors.subject import subject_report

# The access log's own actions, until the audit viewer's labels name them.
OWN_ACTION_LABELS = {
    "inmate.viewed": _("Data WBP dilihat"),
    "inmate.subject_report_produced": _("Laporan data pribadi dibuat"),
    "inmate.personal_data_reduced": _("Data pribadi dikurangi (retensi)"),
}


def _report(request, pk: int, fmt: str) -> tuple[dict, str]:
    """Return the report of an inmate the user may report on, audited, and its file name."""
    inmate = get_for_user_or_404(
        lambda user: inmates_visible_to(user=user).select_related("facility"), request.user, pk=pk
    )
    if not rules.can_produce_subject_report(request.user, inmate):
        raise Http404
    report = subject_report(inmate=inmate, produced_by=request.user)
    audit_log(
        action="inmate.subject_report_produced",
        actor=request.user,
        obj=inmate,
        data={"format": fmt},
    )
    return report, f"data-pribadi-wbp-{inmate.pk}.{fmt}"


def _private(response: HttpResponse, disposition: str, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def subject_pdf(request, pk: int):
    """The report as an A4 PDF, to print and hand over."""
    report, filename = _report(request, pk, "pdf")
    labels = {**OWN_ACTION_LABELS, **ACTION_LABELS}
    events = [
        {**event, "label": labels.get(event["action"], event["action"])}
        for event in report["audit_events"]
    ]
    content = render_document(
        "privacy/pdf/subject_report.html", {"report": report, "audit_events": events}
    )
    return _private(HttpResponse(content, content_type="application/pdf"), "inline", filename)


@login_required
@require_safe
def subject_json(request, pk: int):
    """The report as a JSON file (UTF-8, ISO dates, sorted keys), to hand over as data."""
    report, filename = _report(request, pk, "json")
    content = json.dumps(
        report, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2, sort_keys=True
    )
    return _private(
        HttpResponse(content.encode("utf-8"), content_type="application/json; charset=utf-8"),
        "attachment",
        filename,
    )

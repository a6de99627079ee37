"""The audit log viewer: the system administrator reads every event, a Kalapas his facility's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from lapas_training import rules
from lapas_training.audit import audit_log
from lapas_training.exports import FORMATS, export_response
from lapas_training.pagination import paginate
from privacy import labels
from privacy.forms import AuditLogFilterForm
from privacy.selectors import audit as selectors

# A workbook is written whole before it is sent; longer logs go out as streamed CSV.
XLSX_MAX_ROWS = 50_000
# Query-string keys that do not narrow the log.
NOT_FILTERS = {"format", "page"}


@login_required
@require_safe
def audit_log_list(request):
    """List (or export) the audit events the user may read, newest first, filtered."""
    user = request.user
    if not rules.can_read_audit_log(user):
        raise Http404
    scope = selectors.audit_events_visible_to(user=user)
    form = AuditLogFilterForm(
        request.GET,
        actions=selectors.audit_actions(events=scope),
        actors=selectors.audit_actors(events=scope),
        inmates=selectors.audit_inmates(user=user),
    )
    if not form.is_valid():
        return render(request, "privacy/audit_log.html", {"form": form, "page": None})
    events = selectors.audit_event_list(user=user, filters=form.filters())
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        return _export(request, events, fmt)
    page = paginate(request, events)
    for event in page:
        event.action_label = labels.action_label(event.action)
        event.object_label = labels.object_label(event.object_type)
        event.details = labels.detail_lines(event.data)
        event.about_inmate = event.object_type == labels.INMATE_TYPE
    return render(
        request,
        "privacy/audit_log.html",
        {
            "form": form,
            "page": page,
            "people": form.cleaned_data["people"],
            "filter_query": _filter_query(request),
            "without_person": _filter_query(request, also=("wbp", "wbp_id")),
            "show_facility": rules.is_system_admin(user),
        },
    )


def _filter_query(request, also: tuple[str, ...] = ()) -> str:
    """Return the query string of the filters (but ``also``), for links that keep them."""
    query = request.GET.copy()
    for key in (*NOT_FILTERS, *also):
        query.pop(key, None)
    return query.urlencode()


def _export(request, events, fmt: str):
    """Return the download of the filtered events, audited with its row count."""
    count = events.count()
    if fmt == "xlsx" and count > XLSX_MAX_ROWS:
        messages.warning(
            request,
            _(
                "Log ini berisi %(rows)s baris, terlalu banyak untuk XLSX (paling banyak "
                "%(max)s). Unduh CSV: dikirim bertahap dan dibuka di Excel."
            )
            % {"rows": intcomma(count), "max": intcomma(XLSX_MAX_ROWS)},
        )
        return redirect(f"{request.path}?{_filter_query(request)}")
    filters = {key: value for key, value in request.GET.items() if key not in NOT_FILTERS and value}
    exported = audit_log(
        action="audit_log.exported",
        actor=request.user,
        data={"format": fmt, "rows": count, "filters": filters},
    )
    # The rows as they stood when counted: not this export's own event, nor any after it.
    events = events.filter(pk__lt=exported.pk)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return export_response(
        fmt,
        name=f"log-audit-{stamp}",
        header=selectors.EXPORT_HEADER,
        rows=selectors.audit_export_rows(events),
        title="Log audit",
    )

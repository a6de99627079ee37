"""Certificate pages: issuance, lists, downloads, revocation, ceremonies, public verification."""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from certificates import pdf, selectors, services
from certificates.forms import AgencySettingsForm, CeremonyForm
from certificates.models import Certificate
from lapas_training import rules
from lapas_training.client_ip import client_ip
from lapas_training.forms import ReasonForm, apply_validation_error
from lapas_training.models import Role
from lapas_training.pagination import paginate
from lapas_training.scoping import get_for_user_or_404
from programs.selectors import cohort_for_user_or_404

VERIFICATION_CODE = re.compile(r"^[A-Za-z0-9_-]{32}$")


def _certificate_or_404(user, pk: int) -> Certificate:
    return get_for_user_or_404(
        lambda user: selectors.certificates_visible_to(user=user).select_related(
            "agency", "enrollment__cohort__program", "enrollment__inmate", "superseded_by"
        ),
        user,
        pk=pk,
    )


def _cohort_or_404(user, pk: int):
    return cohort_for_user_or_404(user=user, pk=pk)


@login_required
def certificate_list(request):
    """List the certificates the user may see, searchable by number or name."""
    search = request.GET.get("q", "")
    status = request.GET.get("status", "")
    page = paginate(
        request, selectors.certificate_list(user=request.user, search=search, status=status)
    )
    return render(
        request,
        "certificates/certificate_list.html",
        {"page": page, "search": search, "status": status, "statuses": Certificate.Status.choices},
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_certificates(request, pk: int):
    """Who qualifies and why not; issue them all with one action; the cohort's certificates."""
    cohort = _cohort_or_404(request.user, pk)
    can_issue = rules.can_issue_certificates(request.user, cohort)
    if request.method == "POST":
        if not can_issue:
            raise Http404
        try:
            issued = services.certificates_issue(actor=request.user, cohort=cohort)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
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
    rows = selectors.issuance_preview(cohort=cohort)
    return render(
        request,
        "certificates/cohort_certificates.html",
        {
            "cohort": cohort,
            "rows": rows,
            "to_issue": sum(1 for row in rows if row.ok),
            "valid_count": sum(
                1 for row in rows if row.certificate and row.certificate.status == "valid"
            ),
            "can_issue": can_issue,
            "ceremonies": cohort.ceremonies.all(),
        },
    )


@login_required
def certificate_detail(request, pk: int):
    """One certificate: its status, printed data and history."""
    certificate = _certificate_or_404(request.user, pk)
    cohort = certificate.enrollment.cohort
    return render(
        request,
        "certificates/certificate_detail.html",
        {
            "certificate": certificate,
            "can_issue": rules.can_issue_certificates(request.user, cohort),
            "supersedes": Certificate.objects.filter(superseded_by=certificate).first(),
        },
    )


@login_required
def certificate_download(request, pk: int):
    """Serve the PDF stored at issuance; it is never rendered again."""
    certificate = _certificate_or_404(request.user, pk)
    if not certificate.pdf:
        raise Http404
    services.record_download(actor=request.user, certificate=certificate)
    filename = f"sertifikat-{certificate.number.replace('/', '-')}.pdf"
    return FileResponse(
        certificate.pdf.open("rb"), content_type="application/pdf", filename=filename
    )


def _certificate_action(request, pk: int, *, service, title: str, question: str, submit: str):
    certificate = _certificate_or_404(request.user, pk)
    if not rules.can_issue_certificates(request.user, certificate.enrollment.cohort):
        raise Http404
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = service(
                actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("certificates:detail", pk=result.pk)
    return render(
        request,
        "certificates/certificate_action.html",
        {
            "certificate": certificate,
            "form": form,
            "title": title,
            "question": question % {"number": certificate.number},
            "submit": submit,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def certificate_revoke(request, pk: int):
    """Revoke a certificate, with a reason, after confirmation."""
    return _certificate_action(
        request,
        pk,
        service=services.certificate_revoke,
        title=_("Cabut sertifikat"),
        question=_("Cabut sertifikat %(number)s? Halaman verifikasinya akan menyatakan dicabut."),
        submit=_("Cabut sertifikat"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def certificate_reissue(request, pk: int):
    """Correct a certificate by issuing a new one that supersedes it."""
    return _certificate_action(
        request,
        pk,
        service=services.certificate_reissue,
        title=_("Koreksi sertifikat"),
        question=_(
            "Terbitkan sertifikat baru dengan data terkini untuk menggantikan %(number)s? "
            "Nomor dan kode verifikasinya baru; yang lama dinyatakan diganti."
        ),
        submit=_("Terbitkan pengganti"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def ceremony_create(request, pk: int):
    """Plan the handover: date, place, officials and the order of the certificates."""
    cohort = _cohort_or_404(request.user, pk)
    if not rules.can_issue_certificates(request.user, cohort):
        raise Http404
    certificates = sorted(
        Certificate.objects.filter(enrollment__cohort=cohort, status=Certificate.Status.VALID),
        key=lambda c: (c.snapshot["holder"]["name"], c.pk),
    )
    form = CeremonyForm(request.POST or None, initial={"place": cohort.place})
    positions = {c.pk: str(n) for n, c in enumerate(certificates, start=1)}
    order_error = ""
    if request.method == "POST":
        positions = {c.pk: request.POST.get(f"position_{c.pk}", "") for c in certificates}
        try:
            order = [
                pk
                for pk, _position in sorted(
                    ((pk, int(value)) for pk, value in positions.items()), key=lambda p: p[1]
                )
            ]
        except ValueError:
            order_error = _("Isi urutan dengan angka untuk setiap sertifikat.")
            order = None
        if form.is_valid() and order is not None:
            try:
                ceremony = services.ceremony_create(
                    actor=request.user, cohort=cohort, order=order, **form.cleaned_data
                )
            except ValidationError as exc:
                errors = exc.message_dict if hasattr(exc, "error_dict") else {}
                if "order" in errors:
                    order_error = " ".join(errors["order"])
                else:
                    apply_validation_error(form, exc)
            else:
                messages.success(request, _("Penyerahan disiapkan; PDF cetak siap diunduh."))
                return redirect("certificates:ceremony", pk=ceremony.pk)
    return render(
        request,
        "certificates/ceremony_form.html",
        {
            "cohort": cohort,
            "form": form,
            "rows": [(c, positions.get(c.pk, "")) for c in certificates],
            "order_error": order_error,
        },
    )


@login_required
def ceremony_detail(request, pk: int):
    """A ceremony: its handover order and the combined print PDF."""
    ceremony = get_for_user_or_404(
        lambda user: selectors.ceremonies_visible_to(user=user).select_related(
            "cohort__program", "cohort__agency"
        ),
        request.user,
        pk=pk,
    )
    items = ceremony.items.select_related("certificate").order_by("position")
    return render(
        request, "certificates/ceremony_detail.html", {"ceremony": ceremony, "items": items}
    )


@login_required
def ceremony_download(request, pk: int):
    """Serve the stored combined PDF: every certificate in handover order, then the receipt."""
    ceremony = get_for_user_or_404(selectors.ceremonies_visible_to, request.user, pk=pk)
    if not ceremony.pdf:
        raise Http404
    services.record_ceremony_print(actor=request.user, ceremony=ceremony)
    return FileResponse(
        ceremony.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"penyerahan-sertifikat-{ceremony.pk}.pdf",
    )


def _agency_admin_or_404(request):
    if request.user.role != Role.AGENCY_ADMIN or request.user.agency is None:
        raise Http404
    return request.user.agency


@login_required
@require_http_methods(["GET", "POST"])
def agency_settings(request):
    """The agency's signatories, number format and logo, as printed on its certificates."""
    agency = _agency_admin_or_404(request)
    form = AgencySettingsForm(request.POST or None, request.FILES or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        logo = data.pop("logo")
        try:
            services.agency_update_settings(
                actor=request.user, agency=agency, logo_file=logo, **data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Pengaturan sertifikat disimpan."))
            return redirect("certificates:agency_settings")
    return render(request, "certificates/agency_settings.html", {"form": form, "agency": agency})


@login_required
def agency_preview(request):
    """A sample certificate in the agency's current layout, marked CONTOH, never stored."""
    agency = _agency_admin_or_404(request)
    sample = services.sample_render_inputs(agency=agency)
    rendered = pdf.render_batch([sample], with_singles=False, preview=True)
    response = HttpResponse(rendered.pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="contoh-sertifikat.pdf"'
    return response


@never_cache
def verify(request, code: str):
    """The public verification page: status and the few facts an employer needs, nothing more."""
    if is_ratelimited(
        request,
        group="certificates.verify",
        key=lambda group, request: client_ip(request) or "",
        rate=settings.VERIFY_RATE,
        increment=True,
    ):
        return render(request, "certificates/verify_limited.html", status=429)
    certificate = selectors.certificate_by_code(code) if VERIFICATION_CODE.match(code) else None
    if certificate is None:
        return render(request, "certificates/verify_unknown.html", status=404)
    return render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "replacement": certificate.superseded_by,
        },
    )

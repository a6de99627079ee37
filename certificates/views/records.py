"""Certificate pages: the list, one certificate, its download, revocation and correction."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from certificates import selectors, services
from certificates.models import Certificate
from lapas_training import rules
from lapas_training.forms import ReasonForm, apply_validation_error
from lapas_training.pagination import paginate


@login_required
def certificate_list(request):
    """List the certificates the user may see, searchable by number or name."""
    if not rules.can_see_certificates(request.user):
        raise Http404
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
def certificate_detail(request, pk: int):
    """One certificate: its status, printed data and history."""
    certificate = selectors.certificate_for_user_or_404(user=request.user, pk=pk)
    return render(
        request,
        "certificates/certificate_detail.html",
        {
            "certificate": certificate,
            "can_issue": rules.can_issue_certificates(request.user, certificate.enrollment.cohort),
            "supersedes": selectors.superseded_certificate(certificate=certificate),
            "corrected": selectors.register_corrections_since_issue(certificate=certificate),
            "progress": None
            if certificate.pdf
            else selectors.render_progress(cohort=certificate.enrollment.cohort),
        },
    )


@login_required
def certificate_download(request, pk: int):
    """Serve the stored PDF; until the workers have stored it, say so on the certificate's page."""
    certificate = selectors.certificate_for_user_or_404(user=request.user, pk=pk)
    if not certificate.pdf:
        messages.info(request, _("PDF sertifikat ini sedang dibuat. Unduh setelah selesai."))
        return redirect("certificates:detail", pk=certificate.pk)
    services.record_download(actor=request.user, certificate=certificate)
    filename = f"sertifikat-{certificate.number.replace('/', '-')}.pdf"
    return FileResponse(
        certificate.pdf.open("rb"), content_type="application/pdf", filename=filename
    )


def _certificate_action(request, pk: int, *, service, title: str, question: str, submit: str):
    certificate = selectors.certificate_for_user_or_404(user=request.user, pk=pk)
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

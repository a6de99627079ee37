"""An agency's certificate settings and a sample certificate in its layout."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from certificates import documents, pdf, services
from certificates.forms import AgencySettingsForm
from lapas_training import rules
from lapas_training.forms import apply_validation_error


def _own_agency_or_404(user):
    if not rules.can_edit_agency_settings(user):
        raise Http404
    return user.agency


@login_required
@require_http_methods(["GET", "POST"])
def agency_settings(request):
    """The agency's signatories, number format and logo, as printed on its certificates."""
    agency = _own_agency_or_404(request.user)
    form = AgencySettingsForm(request.POST or None, request.FILES or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.agency_update_settings(
                actor=request.user,
                agency=agency,
                address=data["address"],
                city=data["city"],
                head_name=data["head_name"],
                head_title=data["head_title"],
                head_nip=data["head_nip"],
                head_rank=data["head_rank"],
                second_signatory_name=data["second_signatory_name"],
                second_signatory_title=data["second_signatory_title"],
                second_signatory_nip=data["second_signatory_nip"],
                second_signatory_rank=data["second_signatory_rank"],
                letterhead=data["letterhead"],
                print_photo=data["print_photo"],
                bilingual=data["bilingual"],
                certificate_number_format=data["certificate_number_format"],
                logo_file=data["logo"],
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
    agency = _own_agency_or_404(request.user)
    sample = documents.sample_render_inputs(agency=agency)
    rendered = pdf.render_batch([sample], with_singles=False, preview=True)
    response = HttpResponse(rendered.pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="contoh-sertifikat.pdf"'
    return response

"""Inmate register pages for Lapas staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from inmates import importing, photos, selectors, services
from inmates.forms import (
    ImportUploadForm,
    InmateForm,
    PhotoForm,
    ReleaseForm,
    TrainingTargetForm,
    TransferForm,
)
from inmates.models import Facility, Inmate, InmateImport
from lapas_training import rules
from lapas_training.forms import apply_validation_error
from lapas_training.models import TrainingField
from lapas_training.pagination import paginate
from lapas_training.scoping import get_for_user_or_404
from lapas_training.security import permissions_policy


def _managed_inmate_or_404(user, pk: int) -> Inmate:
    """Return an inmate the user may change; anyone else gets 404 as if it did not exist."""
    inmate = get_for_user_or_404(selectors.inmates_visible_to, user, pk=pk)
    if not rules.can_manage_inmates(user):
        raise Http404
    return inmate


@login_required
def inmate_list(request):
    """List the inmates of the user's facility, searchable, filterable and sortable."""
    if not rules.can_view_inmate_register(request.user):
        raise Http404
    search = request.GET.get("q", "")
    status = request.GET.get("status", "")
    interest = request.GET.get("interest", "")
    sort = request.GET.get("sort", "name")
    page = paginate(
        request,
        selectors.inmate_list(
            user=request.user, search=search, status=status, interest=interest, sort=sort
        ),
    )
    return render(
        request,
        "inmates/inmate_list.html",
        {
            "page": page,
            "search": search,
            "status": status,
            "interest": interest,
            "sort": sort,
            "statuses": Inmate.Status.choices,
            "interests": TrainingField.objects.all(),
            "can_manage": rules.can_manage_inmates(request.user),
        },
    )


def _shown(inmate: Inmate, *, sensitive: bool, corrections: bool = False) -> list[str]:
    """Name the personal data a page of the inmate shows (for the access log), never values."""
    shown = [name for name in ("birth_place", "birth_date") if getattr(inmate, name)]
    if sensitive:
        shown += [name for name in ("nik", "expected_release_date") if getattr(inmate, name)]
        if corrections:
            shown.append("corrections")
    return shown


@login_required
def inmate_detail(request, pk: int):
    """Show one inmate with his whole training history; the view is in the access log."""
    inmate = get_for_user_or_404(
        lambda user: selectors.inmates_visible_to(user=user).select_related("facility"),
        request.user,
        pk=pk,
    )
    show_sensitive = rules.can_see_sensitive_inmate_data(request.user, inmate)
    corrections = list(selectors.inmate_corrections(inmate=inmate))
    outdated = selectors.certificates_printing_old_data(inmate=inmate)
    services.inmate_view_record(
        actor=request.user,
        inmate=inmate,
        page="detail",
        shown=_shown(inmate, sensitive=show_sensitive, corrections=bool(corrections)),
    )
    return render(
        request,
        "inmates/inmate_detail.html",
        {
            "inmate": inmate,
            "history": selectors.inmate_training_history(inmate=inmate),
            "transfers": inmate.transfers.select_related("from_facility", "to_facility"),
            "corrections": corrections,
            "outdated_certificates": [
                (row, rules.can_issue_certificates(request.user, row.cohort)) for row in outdated
            ],
            "show_sensitive": show_sensitive,
            "can_manage": rules.can_manage_inmates(request.user),
            "can_report": rules.can_produce_subject_report(request.user, inmate),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def inmate_create(request):
    """Add an inmate to the register."""
    if not rules.can_manage_inmates(request.user):
        raise Http404
    form = InmateForm(request.POST or None, facility=request.user.facility)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inmate = services.inmate_create(
                actor=request.user,
                facility=request.user.facility or data["facility"],
                **{k: v for k, v in data.items() if k != "facility"},
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("WBP %(name)s ditambahkan.") % {"name": inmate.full_name})
            return redirect("inmates:detail", pk=inmate.pk)
    return render(request, "inmates/inmate_form.html", {"form": form, "inmate": None})


@login_required
@require_http_methods(["GET", "POST"])
def inmate_edit(request, pk: int):
    """Change an inmate's register data."""
    inmate = _managed_inmate_or_404(request.user, pk)
    form = InmateForm(request.POST or None, instance=inmate, facility=inmate.facility)
    if request.method == "POST" and form.is_valid():
        fresh = Inmate.objects.get(pk=inmate.pk)
        try:
            services.inmate_update(actor=request.user, inmate=fresh, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Data WBP disimpan."))
            printed = set(form.changed_data) & set(selectors.CERTIFICATE_FIELDS)
            if printed and selectors.certificates_printing_old_data(inmate=fresh):
                messages.warning(
                    request,
                    _(
                        "Data yang tercetak pada sertifikat WBP ini telah dikoreksi. Sertifikat "
                        "yang terdampak tercantum di bawah: koreksi dengan menerbitkan pengganti."
                    ),
                )
            return redirect("inmates:detail", pk=inmate.pk)
    if request.method == "GET":
        shown = _shown(inmate, sensitive=rules.can_see_sensitive_inmate_data(request.user, inmate))
        services.inmate_view_record(actor=request.user, inmate=inmate, page="edit", shown=shown)
    return render(request, "inmates/inmate_form.html", {"form": form, "inmate": inmate})


@login_required
@require_http_methods(["GET", "POST"])
def inmate_release(request, pk: int):
    """Record that an inmate was released."""
    inmate = _managed_inmate_or_404(request.user, pk)
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.inmate_release(actor=request.user, inmate=inmate, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("%(name)s dicatat bebas.") % {"name": inmate.full_name})
            return redirect("inmates:detail", pk=inmate.pk)
    return render(
        request,
        "inmates/inmate_action.html",
        {
            "inmate": inmate,
            "form": form,
            "history": selectors.inmate_training_history(inmate=inmate),
            "title": _("Catat bebas"),
            "warning": _(
                "Pendaftarannya di angkatan yang belum selesai akan diakhiri dengan alasan bebas."
            ),
            "submit": _("Catat bebas"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def inmate_transfer(request, pk: int):
    """Record that an inmate moved to another facility."""
    inmate = _managed_inmate_or_404(request.user, pk)
    form = TransferForm(request.POST or None, inmate=inmate)
    if request.method == "POST" and form.is_valid():
        try:
            services.inmate_transfer(actor=request.user, inmate=inmate, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("%(name)s dicatat pindah.") % {"name": inmate.full_name})
            if selectors.inmate_visible(user=request.user, inmate=inmate):
                return redirect("inmates:detail", pk=inmate.pk)
            return redirect("inmates:list")
    return render(
        request,
        "inmates/inmate_action.html",
        {
            "inmate": inmate,
            "form": form,
            "history": selectors.inmate_training_history(inmate=inmate),
            "title": _("Catat pindah UPT"),
            "warning": _(
                "Pendaftarannya di angkatan yang belum selesai akan diakhiri dengan alasan pindah. "
                "Setelah pindah, WBP ini tidak lagi tampil di register UPT ini."
            ),
            "submit": _("Catat pindah"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    """Upload a register export; nothing is saved to the register until the preview is confirmed."""
    if not rules.can_manage_inmates(request.user):
        raise Http404
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, facility=request.user.facility
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            stored = services.inmate_import_upload(
                actor=request.user,
                facility=request.user.facility or form.cleaned_data["facility"],
                file_name=upload.name,
                content=upload.read(),
            )
        except importing.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("inmates:import_preview", pk=stored.pk)
    return render(
        request,
        "inmates/import_upload.html",
        {"form": form, "columns": importing.COLUMNS, "max_rows": importing.MAX_ROWS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request, pk: int):
    """Show what every row of an upload would do; confirm saves all of it, or nothing."""
    upload = get_for_user_or_404(
        lambda user: selectors.imports_visible_to(user=user).select_related("facility"),
        request.user,
        pk=pk,
    )
    if request.method == "POST" and upload.status == InmateImport.Status.PENDING:
        try:
            if "discard" in request.POST:
                services.inmate_import_discard(actor=request.user, upload=upload)
                messages.info(request, _("Impor dibatalkan; tidak ada data yang disimpan."))
                return redirect("inmates:list")
            summary = services.inmate_import_apply(actor=request.user, upload=upload)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _(
                    "Impor selesai: %(created)s ditambahkan, %(updated)s diperbarui, "
                    "%(unchanged)s tidak berubah."
                )
                % summary,
            )
            return redirect("inmates:list")
    rows, counts = selectors.import_preview(upload=upload)
    return render(
        request,
        "inmates/import_preview.html",
        {"upload": upload, "rows": rows, "counts": counts, "columns": importing.COLUMN_NAMES},
    )


@login_required
def import_template(request):
    """Download the CSV template of the register import."""
    if not rules.can_manage_inmates(request.user):
        raise Http404
    response = HttpResponse(importing.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="templat-register-wbp.csv"'
    return response


def _sensitive_inmate_or_404(user, pk: int) -> Inmate:
    """Return an inmate whose photo the user may see: staff of his facility, administrators."""
    inmate = get_for_user_or_404(selectors.inmates_visible_to, user, pk=pk)
    if not rules.can_see_sensitive_inmate_data(user, inmate):
        raise Http404
    return inmate


@login_required
def inmate_photo(request, pk: int):
    """Serve an inmate's pas foto, only to those who may see it, never from a public URL."""
    inmate = _sensitive_inmate_or_404(request.user, pk)
    content = photos.photo_bytes(inmate)
    if content is None:
        raise Http404
    services.inmate_view_record(actor=request.user, inmate=inmate, page="photo", shown=["photo"])
    response = HttpResponse(content, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
@permissions_policy(camera="self")  # the file field opens the tablet's camera
def inmate_photo_edit(request, pk: int):
    """Take or upload an inmate's pas foto 3x4 (a tablet opens its camera), or remove it."""
    inmate = _managed_inmate_or_404(request.user, pk)
    if not rules.can_see_sensitive_inmate_data(request.user, inmate):
        raise Http404
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if "remove" in request.POST:
            photos.inmate_photo_remove(actor=request.user, inmate=inmate)
            messages.success(request, _("Pas foto dihapus."))
            return redirect("inmates:detail", pk=inmate.pk)
        if form.is_valid():
            try:
                photos.inmate_photo_set(
                    actor=request.user, inmate=inmate, upload=form.cleaned_data["photo"]
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Pas foto disimpan."))
                return redirect("inmates:detail", pk=inmate.pk)
    return render(request, "inmates/inmate_photo.html", {"inmate": inmate, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def training_target(request):
    """The facility head sets the year's LKjIP target of inmates with certified training."""
    user = request.user
    facility = user.facility
    if facility is None or not rules.can_set_training_target(user, facility):
        raise Http404
    year = timezone.localdate().year
    current = selectors.training_targets(
        facilities=Facility.objects.filter(pk=facility.pk), year=year
    ).get(facility.pk)
    form = TrainingTargetForm(request.POST or None, initial={"year": year, "inmates": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.training_target_set(actor=user, facility=facility, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Target kinerja tersimpan."))
            return redirect("reports:home")
    return render(request, "inmates/training_target.html", {"form": form, "facility": facility})

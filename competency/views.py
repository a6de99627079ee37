"""Competency test pages: list, plan, the test with its assessees, the assessee list (XLSX),
results by hand or from the LSP's sheet, and the BNSP certificates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from competency import selectors, services, sheets
from competency.forms import (
    BnspCertificateForm,
    CompetencyTestForm,
    ResultSheetForm,
    results_formset,
)
from lapas_training import rules
from lapas_training.audit import audit_log
from lapas_training.forms import apply_validation_error
from lapas_training.pagination import paginate


@login_required
def test_list(request):
    """The competency tests the user may see."""
    if not rules.can_see_competency_tests(request.user):
        raise Http404
    return render(
        request,
        "competency/test_list.html",
        {
            "page": paginate(request, selectors.test_list(user=request.user)),
            "can_plan": rules.can_plan_competency_test(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def test_create(request):
    """Register a facility's competent participants for an LSP's test on a scheme."""
    if not rules.can_plan_competency_test(request.user):
        raise Http404
    form = CompetencyTestForm(
        request.POST or None,
        user=request.user,
        cohorts=selectors.cohorts_to_test(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            test = services.competency_test_create(
                actor=request.user,
                facility=request.user.facility or form.cleaned_data["facility"],
                **form.test_values(),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Uji kompetensi dicatat; asesi sudah terdaftar."))
            return redirect("competency:detail", pk=test.pk)
    return render(request, "competency/test_form.html", {"form": form})


@login_required
def test_detail(request, pk: int):
    """A test: its scheme, units, assessors, and each assessee's results and certificate."""
    test = selectors.test_for_user_or_404(user=request.user, pk=pk)
    units = list(selectors.test_units(test=test))
    return render(
        request,
        "competency/test_detail.html",
        {
            "test": test,
            "units": units,
            "assessors": test.assessors.all(),
            "cohorts": test.cohorts.select_related("program"),
            "assessees": selectors.with_units(selectors.assessees(test=test)),
            "can_record": rules.can_record_competency_results(request.user, test),
        },
    )


@login_required
def assessee_export(request, pk: int):
    """The assessee list as the LSP's registration asks for it (with NIK): XLSX."""
    test = selectors.test_for_user_or_404(user=request.user, pk=pk)
    assessees = selectors.assessees(test=test)
    content = sheets.assessee_workbook(
        test=test, assessees=assessees, units=selectors.test_units(test=test)
    )
    audit_log(
        action="competency_test.assessees_exported",
        actor=request.user,
        obj=test,
        data={"rows": len(assessees)},
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="asesi-uji-{test.pk}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def results(request, pk: int):
    """Record every assessee's result and unit results in one save (the LSP)."""
    test = selectors.test_for_user_or_404(
        user=request.user, pk=pk, may=rules.can_record_competency_results
    )
    units = list(selectors.test_units(test=test))
    assessees = selectors.with_units(selectors.assessees(test=test))
    formset = results_formset(units)(
        request.POST if request.method == "POST" else None,
        rows=assessees,
        initial_for=lambda a: {
            "result": a.result,
            **{f"unit_{u.pk}": a.unit_result_of.get(u.pk, "") for u in units},
        },
    )
    if request.method == "POST" and formset.is_valid():
        entries = {
            pk: services.TestResult(values["result"], values["units"])
            for pk, values in formset.values_by_row().items()
            if values["result"]
        }
        try:
            changed = services.competency_results_record(
                actor=request.user, test=test, results=entries
            )
        except ValidationError as exc:
            formset.add_validation_error(exc)
        else:
            messages.success(
                request, _("Hasil disimpan (%(count)s asesi berubah).") % {"count": changed}
            )
            return redirect("competency:detail", pk=test.pk)
    return render(
        request,
        "competency/results.html",
        {"test": test, "units": units, "formset": formset, "upload_form": ResultSheetForm()},
    )


@login_required
@require_http_methods(["POST"])
def sheet_upload(request, pk: int):
    """Receive the LSP's result sheet and show its preview; nothing is saved yet."""
    test = selectors.test_for_user_or_404(
        user=request.user, pk=pk, may=rules.can_record_competency_results
    )
    form = ResultSheetForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["sheet"]
        try:
            sheet = services.result_sheet_upload(
                actor=request.user, test=test, file_name=upload.name, content=upload.read()
            )
        except sheets.ImportFileError as exc:
            form.add_error("sheet", str(exc))
        else:
            return redirect("competency:sheet_preview", pk=test.pk, sheet_pk=sheet.pk)
    units = list(selectors.test_units(test=test))
    formset = results_formset(units)(rows=selectors.with_units(selectors.assessees(test=test)))
    return render(
        request,
        "competency/results.html",
        {"test": test, "units": units, "formset": formset, "upload_form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def sheet_preview(request, pk: int, sheet_pk: int):
    """Every row of the sheet with what it would change and what is wrong; then apply all."""
    test = selectors.test_for_user_or_404(
        user=request.user, pk=pk, may=rules.can_record_competency_results
    )
    sheet = get_object_or_404(test.result_sheets, pk=sheet_pk)
    if request.method == "POST":
        try:
            changed = services.result_sheet_apply(actor=request.user, sheet=sheet)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Hasil dari lembar LSP diterapkan (%(count)s asesi berubah).")
                % {"count": changed},
            )
            return redirect("competency:detail", pk=test.pk)
    rows = sheets.read_results(test=test, file_name=sheet.file_name, content=bytes(sheet.content))
    return render(
        request,
        "competency/sheet_preview.html",
        {
            "test": test,
            "sheet": sheet,
            "rows": rows,
            "errors": sum(1 for r in rows if r.errors),
            "changes": sum(1 for r in rows if r.changed),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def bnsp_certificate(request, pk: int, assessee_pk: int):
    """Record the BNSP certificate an LSP issued to a competent assessee."""
    test = selectors.test_for_user_or_404(
        user=request.user, pk=pk, may=rules.can_record_competency_results
    )
    assessee = get_object_or_404(
        test.assessees.select_related("enrollment__inmate"), pk=assessee_pk
    )
    form = BnspCertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.bnsp_certificate_record(
                actor=request.user, assessee=assessee, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Sertifikat BNSP dicatat."))
            return redirect("competency:detail", pk=test.pk)
    return render(
        request, "competency/bnsp_form.html", {"test": test, "assessee": assessee, "form": form}
    )

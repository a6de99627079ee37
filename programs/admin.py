from django import forms
from django.contrib import admin
from import_export.admin import ImportMixin
from import_export.formats import base_formats

from lapas_training.admin_mixins import AuditedAdmin, ReadOnlyAdmin, ReadOnlyInline
from programs.catalogue import StandardUnitResource
from programs.models import (
    Attendance,
    Cohort,
    CompetencyUnit,
    Enrollment,
    PartnerAgency,
    Program,
    Session,
    StandardUnit,
    TrainingEvent,
)


@admin.register(PartnerAgency)
class PartnerAgencyAdmin(AuditedAdmin):
    list_display = ["name", "code", "kind", "city", "head_name", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code", "city"]


@admin.register(StandardUnit)
class StandardUnitAdmin(ImportMixin, AuditedAdmin):
    """The SKKNI catalogue: add units by hand or import a CSV/XLSX file (preview first)."""

    resource_classes = [StandardUnitResource]

    def get_import_formats(self):
        return [base_formats.CSV, base_formats.XLSX]

    list_display = ["code", "title", "standard", "verified"]
    list_filter = ["verified", "standard"]
    search_fields = ["code", "title", "standard"]


class CompetencyUnitForm(forms.ModelForm):
    class Meta:
        model = CompetencyUnit
        fields = ["position", "standard_unit", "code", "title", "hours"]

    def clean(self):
        # A unit picked from the catalogue takes its code and title from there.
        cleaned = super().clean()
        standard = cleaned.get("standard_unit")
        if standard is not None:
            cleaned["code"], cleaned["title"] = standard.code, standard.title
        return cleaned


class CompetencyUnitInline(admin.TabularInline):
    model = CompetencyUnit
    form = CompetencyUnitForm
    extra = 1
    fields = ["position", "standard_unit", "code", "title", "hours"]
    autocomplete_fields = ["standard_unit"]


@admin.register(Program)
class ProgramAdmin(AuditedAdmin):
    list_display = ["name", "code", "field", "hours", "certificate_kind", "min_attendance_percent"]
    list_filter = ["field", "certificate_kind", "is_active"]
    search_fields = ["name", "code"]
    list_select_related = ["field"]
    inlines = [CompetencyUnitInline]


class SessionInline(ReadOnlyInline):
    model = Session
    fields = ["date", "start_time", "end_time", "topic"]


@admin.register(Cohort)
class CohortAdmin(ReadOnlyAdmin):
    list_display = ["name", "program", "facility", "agency", "start_date", "end_date", "status"]
    list_filter = ["status", "facility", "agency", "program"]
    search_fields = ["name", "program__name", "facility__name", "agency__name"]
    list_select_related = ["program", "facility", "agency"]
    autocomplete_fields = ["program", "facility", "agency"]
    filter_horizontal = ["instructors"]
    raw_id_fields = ["created_by"]
    date_hierarchy = "start_date"
    inlines = [SessionInline]


@admin.register(TrainingEvent)
class TrainingEventAdmin(ReadOnlyAdmin):
    list_display = ["name", "facility", "start_date", "end_date", "decree_number"]
    list_filter = ["facility", "funding_source"]
    search_fields = ["name", "decree_number", "facility__name"]
    list_select_related = ["facility"]
    filter_horizontal = ["agencies"]
    raw_id_fields = ["created_by"]
    date_hierarchy = "start_date"


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyAdmin):
    list_display = ["inmate", "cohort", "status", "result"]
    list_filter = ["status", "result", "cohort__facility", "cohort__agency"]
    search_fields = ["inmate__full_name", "inmate__registration_number", "cohort__name"]
    list_select_related = ["inmate", "cohort__program"]
    raw_id_fields = ["inmate", "cohort", "enrolled_by", "result_recorded_by"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["enrollment", "session", "status"]
    list_filter = ["status"]
    search_fields = ["enrollment__inmate__full_name"]
    list_select_related = ["enrollment__inmate", "session"]
    raw_id_fields = ["enrollment", "session", "recorded_by"]

from django.contrib import admin

from competency.models import Assessee, BnspCertificate, CompetencyTest
from lapas_training.admin_mixins import ReadOnlyAdmin


@admin.register(CompetencyTest)
class CompetencyTestAdmin(ReadOnlyAdmin):
    list_display = ["scheme_name", "scheme_number", "lsp", "facility", "date"]
    list_filter = ["lsp", "facility"]
    search_fields = ["scheme_name", "scheme_number"]
    list_select_related = ["lsp", "facility"]


@admin.register(Assessee)
class AssesseeAdmin(ReadOnlyAdmin):
    list_display = ["enrollment", "test", "result"]
    list_filter = ["result"]
    list_select_related = ["enrollment__inmate", "enrollment__cohort__program", "test"]
    raw_id_fields = ["enrollment", "test"]


@admin.register(BnspCertificate)
class BnspCertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "blanko_number", "issued_on", "valid_until"]
    search_fields = ["number", "blanko_number"]

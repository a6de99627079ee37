from django.contrib import admin

from certificates.models import Ceremony, Certificate
from lapas_training.admin_mixins import ReadOnlyAdmin


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    """Certificates are issued, revoked and superseded through the application, never here."""

    list_display = ["number", "agency", "status", "issued_at"]
    list_filter = ["status", "agency", "year"]
    search_fields = ["number", "enrollment__inmate__full_name"]
    list_select_related = ["agency"]


@admin.register(Ceremony)
class CeremonyAdmin(ReadOnlyAdmin):
    list_display = ["cohort", "date", "place"]
    search_fields = ["cohort__name", "place"]
    list_select_related = ["cohort__program"]
    date_hierarchy = "date"

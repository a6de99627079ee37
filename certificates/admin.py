from django.contrib import admin

from certificates.models import Ceremony, Certificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Certificates are issued, revoked and superseded through the application, never here."""

    list_display = ["number", "agency", "status", "issued_at"]
    list_filter = ["status", "agency", "year"]
    search_fields = ["number", "enrollment__inmate__full_name"]
    list_select_related = ["agency"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Ceremony)
class CeremonyAdmin(admin.ModelAdmin):
    list_display = ["cohort", "date", "place"]
    search_fields = ["cohort__name", "place"]
    list_select_related = ["cohort__program"]
    date_hierarchy = "date"

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin

from inmates.models import Facility, Inmate, InmateTransfer, TrainingTarget
from inmates.services import inmate_view_record
from lapas_training.admin_mixins import AuditedAdmin, ReadOnlyAdmin


@admin.register(Facility)
class FacilityAdmin(AuditedAdmin):
    list_display = ["name", "code", "kind", "facility_class", "city", "province", "is_active"]
    list_filter = ["kind", "province", "is_active"]
    search_fields = ["name", "code", "city"]


@admin.register(Inmate)
class InmateAdmin(ReadOnlyAdmin):
    list_display = [
        "registration_number",
        "full_name",
        "facility",
        "status",
        "expected_release_date",
    ]
    list_filter = ["status", "facility", "sex", "education"]
    search_fields = ["registration_number", "full_name"]
    list_select_related = ["facility"]
    autocomplete_fields = ["facility"]
    filter_horizontal = ["interests"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Opening an inmate here shows his NIK and birth data: the access log records it."""
        response = super().change_view(request, object_id, form_url, extra_context)
        inmate = response.context_data.get("original") if response.status_code == 200 else None
        if request.method == "GET" and inmate is not None:
            inmate_view_record(
                actor=request.user, inmate=inmate, page="admin", shown=["nik", "birth_date"]
            )
        return response


@admin.register(InmateTransfer)
class InmateTransferAdmin(ReadOnlyAdmin):
    list_display = ["inmate", "from_facility", "to_facility", "transferred_on"]
    list_filter = ["from_facility", "to_facility"]
    search_fields = ["inmate__full_name", "from_registration_number"]
    list_select_related = ["inmate", "from_facility", "to_facility"]
    raw_id_fields = ["inmate", "recorded_by"]


@admin.register(TrainingTarget)
class TrainingTargetAdmin(ReadOnlyAdmin):
    """Targets are set by each facility's head on the dashboard (audited); read here."""

    list_display = ["facility", "year", "inmates", "set_by", "set_at"]
    list_filter = ["year", "facility__province"]
    list_select_related = ["facility", "set_by"]

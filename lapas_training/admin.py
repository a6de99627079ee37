from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from lapas_training.admin_mixins import AuditedAdmin
from lapas_training.models import AuditEvent, TrainingField, User


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    list_display = [
        "username",
        "full_name",
        "role",
        "facility",
        "agency",
        "province",
        "bapas",
        "is_active",
    ]
    list_filter = ["role", "is_active", "facility", "agency", "province", "bapas"]
    search_fields = ["username", "full_name", "email", "nip"]
    list_select_related = ["facility", "agency", "bapas"]
    autocomplete_fields = ["facility", "agency", "bapas"]
    ordering = ["username"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Identitas"), {"fields": ("full_name", "email", "nip", "job_title")}),
        (_("Peran dan lingkup"), {"fields": ("role", "facility", "agency", "province", "bapas")}),
        (_("Status"), {"fields": ("is_active", "is_staff", "is_superuser", "last_login")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "full_name",
                    "role",
                    "facility",
                    "agency",
                    "province",
                    "bapas",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ["last_login"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """A Kanwil's province is picked from the facilities' provinces: a typo would leave it
        reading nothing."""
        if db_field.name == "province":
            # The model a user's facility points at: accounts sit below the facilities.
            facility_model = User._meta.get_field("facility").related_model
            facilities = facility_model.objects.order_by("province")
            provinces = facilities.values_list("province", flat=True)
            choices = [("", "---------")] + [(p, p) for p in dict.fromkeys(provinces)]
            return forms.ChoiceField(
                label=db_field.verbose_name,
                choices=choices,
                required=False,
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(TrainingField)
class TrainingFieldAdmin(AuditedAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log, read-only: nobody adds, changes or deletes an event here."""

    list_display = ["created_at", "action", "actor_name", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["action", "actor_name", "object_repr", "object_id"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "created_at",
        "actor",
        "actor_name",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "data",
    ]
    list_select_related = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from lapas_training.admin_mixins import AuditedAdmin
from lapas_training.models import AuditEvent, TrainingField, User


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    list_display = ["username", "full_name", "role", "facility", "agency", "is_active"]
    list_filter = ["role", "is_active", "facility", "agency"]
    search_fields = ["username", "full_name", "email", "nip"]
    list_select_related = ["facility", "agency"]
    autocomplete_fields = ["facility", "agency"]
    ordering = ["username"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Identitas"), {"fields": ("full_name", "email", "nip", "job_title")}),
        (_("Peran dan lingkup"), {"fields": ("role", "facility", "agency")}),
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
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ["last_login"]


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

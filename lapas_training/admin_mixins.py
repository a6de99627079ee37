"""Admin base classes: reference data is audited, workflow data is read-only."""

from django.contrib import admin

from lapas_training.audit import audit_log


class AuditedAdmin(admin.ModelAdmin):
    """An admin whose every add, change and delete leaves an audit event."""

    def _action(self, obj, verb: str) -> str:
        return f"{obj._meta.model_name}.{verb}_in_admin"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_log(
            action=self._action(obj, "changed" if change else "created"),
            actor=request.user,
            obj=obj,
            data={"fields": sorted(form.changed_data)},
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            audit_log(
                action=self._action(form.instance, "changed"),
                actor=request.user,
                obj=form.instance,
                data={"inline": formset.model._meta.model_name},
            )

    def delete_model(self, request, obj):
        audit_log(action=self._action(obj, "deleted"), actor=request.user, obj=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_log(action=self._action(obj, "deleted"), actor=request.user, obj=obj)
        super().delete_queryset(request, queryset)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Workflow records are changed in the application, through its services, never here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

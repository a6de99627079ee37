from django.contrib import admin

from followup.models import Bapas
from lapas_training.admin_mixins import AuditedAdmin


@admin.register(Bapas)
class BapasAdmin(AuditedAdmin):
    """Which facilities' releases a Bapas receives decides whose plans its officers read: every
    change is audited."""

    list_display = ["name", "code", "city", "province"]
    search_fields = ["name", "code", "city"]
    filter_horizontal = ["facilities"]

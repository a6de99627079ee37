from django.contrib import admin

from followup.models import Bapas


@admin.register(Bapas)
class BapasAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "city", "province"]
    search_fields = ["name", "code", "city"]
    filter_horizontal = ["facilities"]

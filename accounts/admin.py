"""The user admin of ``lapas_training``, with this app's action: reset the second factor.

``lapas_training`` sits below this app and cannot import it, so the action joins its user
admin here, in a subclass registered in its place.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.services.second_factor import second_factor_reset
from lapas_training.admin import UserAdmin as BaseUserAdmin
from lapas_training.models import User


class UserAdmin(BaseUserAdmin):
    actions = [*(BaseUserAdmin.actions or ()), "reset_second_factor"]

    @admin.action(description=gettext_lazy("Reset autentikasi dua langkah"), permissions=["change"])
    def reset_second_factor(self, request, queryset):
        """Remove the selected users' authenticators and recovery codes (each one audited)."""
        users = list(queryset)
        devices = sum(second_factor_reset(user=user, by=request.user) for user in users)
        self.message_user(
            request,
            _(
                "Autentikasi dua langkah direset untuk %(users)d pengguna "
                "(%(devices)d perangkat dihapus)."
            )
            % {"users": len(users), "devices": devices},
            messages.SUCCESS,
        )


admin.site.unregister(User)
admin.site.register(User, UserAdmin)

"""Changing one's password ends every other session of the account."""

from django.contrib.auth import views as auth_views

from accounts.services.sessions import session_seen, sessions_end_others
from lapas_training.audit import audit_log


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change; other browsers must log in again with the new password."""

    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user
        audit_log(action="account.password_changed", actor=user, obj=user)
        session_seen(self.request)  # the key was cycled: this session's row follows it first
        sessions_end_others(user=user, current_key=self.request.session.session_key)
        return response

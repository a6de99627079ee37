"""The sessions a user has open, so that they can see them and end the ones they do not know."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserSession(models.Model):
    """One logged-in browser of a user: where it came from and when it was last used.

    The session itself lives in the session store; this row mirrors its key (kept current when
    the key is cycled) so that it can be listed and ended from another browser.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="open_sessions",
    )
    session_key = models.CharField(_("kunci sesi"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("masuk pada"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("terakhir aktif"))
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    user_agent = models.CharField(_("peramban"), max_length=300, blank=True)

    class Meta:
        ordering = ["-last_seen_at", "-id"]
        verbose_name = _("sesi pengguna")
        verbose_name_plural = _("sesi pengguna")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d %H:%M})"

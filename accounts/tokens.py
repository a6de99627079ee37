"""One-time invitation tokens: a new user sets their own password through a link."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int

SECONDS_PER_DAY = 24 * 60 * 60


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Tokens of invitation links, valid for ``settings.INVITATION_DAYS`` days.

    Its own salt, so that a password-reset token is no invitation and the reverse. The hash
    covers the password (unusable until the invitation is used, and a fresh unusable one at each
    new invitation), the last login and the active flag: a link stops working once used, once a
    newer link is issued, after the first login, and while the account is deactivated.
    """

    key_salt = "accounts.tokens.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        # Unlike a password reset, the link is shown to the creator, not mailed: the email
        # address plays no part, and correcting it does not spoil the link just handed over.
        last_login = (
            "" if user.last_login is None else user.last_login.replace(microsecond=0, tzinfo=None)
        )
        return f"{user.pk}{user.password}{last_login}{timestamp}{int(user.is_active)}"

    def check_token(self, user, token) -> bool:
        """Return whether ``token`` is a valid, unexpired invitation of ``user``.

        Django's check measures the age against the global ``PASSWORD_RESET_TIMEOUT``; an
        invitation has its own validity, so the check is done here with the same parts.
        """
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        age = self._num_seconds(self._now()) - timestamp
        return age <= settings.INVITATION_DAYS * SECONDS_PER_DAY


invitation_token_generator = InvitationTokenGenerator()

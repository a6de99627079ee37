"""The second step of login, idle timeouts and the list of open sessions, on every request."""

import time

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts import policy
from accounts.services.second_factor import has_second_factor
from accounts.services.sessions import KEY_IN_SESSION, session_seen

# Session keys of this app.
SEEN_KEY = "accounts.seen"
SECOND_STEP_KEY = "accounts.second_step"
# A session's last activity is written at most this often (seconds).
SEEN_GRANULARITY = 60


def _open_paths() -> tuple[str, ...]:
    """Return the paths a user between the two login steps may open."""
    return (
        reverse("accounts:verify"),
        reverse("accounts:setup"),
        reverse("accounts:recovery_codes"),
        reverse("logout"),
        reverse("set_language"),
        reverse("csp_report"),
    )


class SecondFactorMiddleware:
    """Send a user who has given only their password to the second step.

    A user with a second-factor device must verify it; a user whose role requires one and
    has none must set one up. Until then only the second-step pages and logout open.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            step = self._second_step(request)
            if step and not request.path.startswith(_open_paths()):
                target = reverse("accounts:verify" if step == "verify" else "accounts:setup")
                if request.method == "GET":
                    return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
                return redirect(target)
        return self.get_response(request)

    @staticmethod
    def _second_step(request) -> str:
        """Return "verify", "setup" or "" for the logged-in, unverified user."""
        user = request.user
        if policy.second_factor_required(user):
            return "verify" if has_second_factor(user) else "setup"
        # Optional second factors are looked up once, at login (accounts.signals).
        return request.session.get(SECOND_STEP_KEY, "")


class SessionActivityMiddleware:
    """End sessions left idle too long; keep each open session's row current."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = int(time.time())
            seen = request.session.get(SEEN_KEY)
            if seen is not None and now - seen > policy.idle_timeout_seconds(user):
                path = request.get_full_path()
                logout(request)
                messages.info(
                    request, _("Sesi Anda berakhir karena lama tidak aktif. Silakan masuk lagi.")
                )
                return redirect_to_login(path if request.method == "GET" else "/")
            # A page left open polling for its PDFs is not someone at work.
            polling = request.headers.get("Accept", "").startswith("application/json")
            if not polling and (seen is None or now - seen >= SEEN_GRANULARITY):
                request.session[SEEN_KEY] = now
                request._accounts_seen = True
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # A login step or a password change cycles the key: the row follows it.
        if (
            session is not None
            and request.user.is_authenticated
            and session.session_key
            and (
                getattr(request, "_accounts_seen", False)
                or session.get(KEY_IN_SESSION) != session.session_key
            )
        ):
            session_seen(request)
        return response

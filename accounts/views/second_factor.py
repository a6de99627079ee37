"""The second login step, setting up an authenticator, recovery codes, turning it off."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_otp import login as otp_login

from accounts import policy
from accounts.forms.second_factor import SetupForm, VerifyForm
from accounts.middleware import SECOND_STEP_KEY
from accounts.services import second_factor as services
from accounts.services.sessions import session_seen, sessions_end_others
from lapas_training.audit import audit_log

CODES_KEY = "accounts.recovery_codes"
SESSION_FAILURES_KEY = "accounts.second_factor_failures"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _failures_key(user) -> str:
    return f"accounts.second_step_failures:{user.pk}"


@never_cache
@login_required
def verify(request):
    """Ask for the code of the authenticator (or a recovery code) after the password."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not services.has_second_factor(user):
        return redirect("accounts:setup")
    form = VerifyForm(request.POST or None, user=user)
    if request.method == "POST":
        if form.is_valid():
            cache.delete(_failures_key(user))
            request.session.cycle_key()
            otp_login(request, form.device)
            if form.device.name == services.RECOVERY_NAME:
                left = services.recovery_codes_left(user)
                audit_log(action="account.recovery_code_used", actor=user, obj=user)
                messages.warning(
                    request,
                    _(
                        "Anda masuk dengan kode pemulihan; tersisa %(left)d kode. Buat kode baru "
                        "di halaman Keamanan akun bila hampir habis."
                    )
                    % {"left": left},
                )
            return redirect(_next_url(request))
        # The same limit as the password step: too many wrong codes log the user out.
        failures = _count_failure(request, user)
        if failures >= settings.AXES_FAILURE_LIMIT:
            cache.delete(_failures_key(user))
            audit_log(
                action="account.second_factor_failed",
                actor=user,
                obj=user,
                data={"failures": failures},
            )
            logout(request)
            messages.error(request, _("Terlalu banyak kode yang salah. Silakan masuk lagi."))
            return redirect("login")
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


def _count_failure(request, user) -> int:
    """Count a wrong code for ``user`` across sessions in the cache; with the cache down (Redis
    restarting), in this session, beside django-otp's own doubling wait per device."""
    key = _failures_key(user)
    cache.add(key, 0, int(settings.AXES_COOLOFF_TIME.total_seconds()))
    try:
        failures = cache.incr(key)
    except ValueError:  # the key vanished, as a cache that lost its write says
        failures = None
    if failures is None:
        failures = request.session.get(SESSION_FAILURES_KEY, 0) + 1
        request.session[SESSION_FAILURES_KEY] = failures
    return failures


def _qr_svg(device) -> str:
    """Return the setup QR code as inline SVG, drawn here (the key never leaves the server)."""
    code = segno.make(device.config_url, error="m")
    # segno's own markup: no user text in it, only the code's squares.
    return mark_safe(code.svg_inline(scale=5, border=4, dark="#000", light="#fff"))  # noqa: S308


def _grouped(key: str) -> str:
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@never_cache
@login_required
def setup(request):
    """Set up an authenticator app: scan the QR code, type the first code."""
    user = request.user
    if services.has_second_factor(user) and not user.is_verified():
        return redirect("accounts:verify")
    device = services.authenticator_pending(user=user)
    replacing = services.has_second_factor(user)
    form = SetupForm(request.POST or None, device=device, replacing=replacing)
    if request.method == "POST" and form.is_valid():
        codes = services.authenticator_confirm(user=user, device=device)
        request.session.cycle_key()
        otp_login(request, device)
        session_seen(request)
        # A browser logged in with the password alone must not stay in without the new step.
        sessions_end_others(user=user, current_key=request.session.session_key)
        request.session[SECOND_STEP_KEY] = "verify"
        request.session[CODES_KEY] = codes
        messages.success(request, _("Autentikasi dua langkah aktif."))
        query = urlencode({"next": _next_url(request)})
        return redirect(f"{reverse('accounts:recovery_codes')}?{query}")
    secret = device.config_url.split("secret=")[1].split("&")[0]
    return render(
        request,
        "accounts/setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device),
            "secret": _grouped(secret),
            "required": policy.second_factor_required(user),
            "next": _next_url(request),
        },
    )


@never_cache
@login_required
@require_safe
def recovery_codes(request):
    """Show freshly made recovery codes, once (new ones are made on the security page)."""
    if not request.user.is_verified():
        return redirect("accounts:verify")
    codes = request.session.pop(CODES_KEY, None)
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": _next_url(request)},
    )

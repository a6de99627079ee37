"""The account's security page: the second factor and the open sessions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import policy
from accounts.forms.second_factor import PasswordConfirmForm
from accounts.middleware import SECOND_STEP_KEY
from accounts.selectors import open_sessions, own_session
from accounts.services import second_factor as second_factor_services
from accounts.services.sessions import session_end, sessions_end_others
from accounts.views.second_factor import CODES_KEY
from lapas_training.scoping import parse_id


def _page(request, *, disable_form=None, renew_form=None, status=200):
    user = request.user
    return render(
        request,
        "accounts/security.html",
        {
            "has_second_factor": second_factor_services.has_second_factor(user),
            "required": policy.second_factor_required(user),
            "codes_left": second_factor_services.recovery_codes_left(user),
            "disable_form": disable_form or PasswordConfirmForm(user=user),
            "renew_form": renew_form or PasswordConfirmForm(user=user, prefix="renew"),
            "sessions": open_sessions(user=user, current_key=request.session.session_key),
            "idle_minutes": policy.idle_timeout_seconds(user) // 60,
        },
        status=status,
    )


@never_cache
@login_required
def security(request):
    """Show the second factor's state and the sessions open in other browsers."""
    return _page(request)


@never_cache
@login_required
@require_POST
def disable(request):
    """Turn the second factor off, for a role that does not require it, after the password."""
    user = request.user
    if policy.second_factor_required(user) or not user.is_verified():
        raise Http404
    form = PasswordConfirmForm(request.POST, user=user)
    if not form.is_valid():
        return _page(request, disable_form=form, status=400)
    second_factor_services.second_factor_disable(user=user)
    request.session[SECOND_STEP_KEY] = ""
    # Other browsers still expect the step that no longer exists: they log in again.
    sessions_end_others(user=user, current_key=request.session.session_key)
    messages.success(request, _("Autentikasi dua langkah dimatikan."))
    return redirect("accounts:security")


@never_cache
@login_required
@require_POST
def end_other_sessions(request):
    """Log out every other browser of this account."""
    ended = sessions_end_others(user=request.user, current_key=request.session.session_key)
    messages.success(request, _("%(count)d sesi lain telah dikeluarkan.") % {"count": ended})
    return redirect("accounts:security")


@never_cache
@login_required
@require_POST
def end_session(request):
    """Log out one other browser of this account (its row's id in ``session``)."""
    pk = parse_id(request.POST.get("session", ""))
    session = own_session(user=request.user, pk=pk)
    if session is None or session.session_key == request.session.session_key:
        raise Http404
    session_end(user=request.user, session=session)
    messages.success(request, _("Sesi itu telah dikeluarkan."))
    return redirect("accounts:security")


@never_cache
@login_required
@require_POST
def renew_recovery_codes(request):
    """Replace the recovery codes, after the password; the new ones are shown once."""
    user = request.user
    if not user.is_verified():
        raise Http404
    form = PasswordConfirmForm(request.POST, user=user, prefix="renew")
    if not form.is_valid():
        return _page(request, renew_form=form, status=400)
    request.session[CODES_KEY] = second_factor_services.recovery_codes_new(user=user)
    return redirect("accounts:recovery_codes")

"""The public page of an invitation link, where a new user sets their own password."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts import selectors
from accounts.forms.users import InvitationPasswordForm
from accounts.services import users as services
from lapas_training.forms import apply_validation_error


def _private(response):
    # The token is in the address: a link or a redirect from here names the site, never the
    # page. ("no-referrer" would do too much: the form's POST would carry "Origin: null", which
    # the CSRF check rightly refuses.)
    response["Referrer-Policy"] = "strict-origin"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request, uidb64: str, token: str):
    """Let the invited person choose a password, then send them to the login page.

    A wrong, used or expired link answers 404 with one message whatever the reason, so the
    page tells nobody whether an account exists. After the password is set the person logs
    in through the login page like everyone else: the one door with login throttling and the
    second step, and a proof that they remember what they just chose.
    """
    user = selectors.invitation_user(uidb64=uidb64, token=token)
    if user is None:
        return _private(render(request, "accounts/invitation_invalid.html", status=404))
    form = InvitationPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(user=user, password=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Kata sandi disimpan. Silakan masuk dengan nama pengguna %(username)s.")
                % {"username": user.username},
            )
            return _private(redirect("login"))
    return _private(render(request, "accounts/invitation.html", {"form": form, "invited": user}))

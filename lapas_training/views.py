"""Account pages: login with throttling, logout, password change."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import render

from lapas_training.forms import LoginForm


class LoginView(auth_views.LoginView):
    """Log in; a wrong username or password gets one message that does not say which."""

    form_class = LoginForm
    redirect_authenticated_user = True


def locked_out(request, original_response=None, credentials=None) -> HttpResponse:
    """Tell a throttled user, in plain words, when to try again."""
    cool_off = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "registration/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": max(1, int(cool_off.total_seconds() // 60)) if cool_off else None,
        },
        status=429,
    )

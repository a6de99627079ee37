"""Account pages (login with throttling) and the endpoint for browsers' CSP reports."""

import json
import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from lapas_training.client_ip import client_ip
from lapas_training.forms import LoginForm

csp_logger = logging.getLogger("security.csp")


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


# A violation report is small; anything bigger is not one.
CSP_REPORT_MAX_BYTES = 16 * 1024


@csrf_exempt
@require_POST
def csp_report(request) -> HttpResponse:
    """Log the Content-Security-Policy violations browsers report; answer nothing."""
    limited = is_ratelimited(
        request,
        group="csp_report",
        key=lambda group, request: client_ip(request) or "",
        rate="60/m",
        increment=True,
    )
    if limited or int(request.META.get("CONTENT_LENGTH") or 0) > CSP_REPORT_MAX_BYTES:
        return HttpResponse(status=204)
    try:
        report = json.loads(request.body).get("csp-report", {})
    except (ValueError, AttributeError, RecursionError):
        return HttpResponse(status=204)
    if isinstance(report, dict):
        # %r: a report is the browser's or anybody's text; no forged log lines.
        csp_logger.warning(
            "CSP violation: %r blocked %r on %r",
            str(report.get("violated-directive", ""))[:200],
            str(report.get("blocked-uri", ""))[:200],
            str(report.get("document-uri", ""))[:200],
        )
    return HttpResponse(status=204)

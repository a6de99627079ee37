"""The privacy notice: what the system does with personal data, public to anyone."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe


def _retention(days: int | None) -> str:
    """Return the retention period in words: "5 tahun", or "400 hari"."""
    if not days:
        return ""
    if days % 365 == 0:
        years = days // 365
        return ngettext("%(n)s tahun", "%(n)s tahun", years) % {"n": years}
    return ngettext("%(n)s hari", "%(n)s hari", days) % {"n": days}


@require_safe
def privacy_notice(request):
    """Show the privacy notice (UU PDP) with the configured controller and officer."""
    return render(
        request,
        "privacy/notice.html",
        {
            "controller_name": settings.PRIVACY_CONTROLLER_NAME,
            "controller_address": settings.PRIVACY_CONTROLLER_ADDRESS,
            "dpo_name": settings.PRIVACY_DPO_NAME,
            "dpo_email": settings.PRIVACY_DPO_EMAIL,
            "dpo_phone": settings.PRIVACY_DPO_PHONE,
            "retention": _retention(getattr(settings, "RETENTION_AFTER_RELEASE_DAYS", None)),
            "followup_retention": _retention(getattr(settings, "FOLLOWUP_RETENTION_DAYS", None)),
        },
    )


@require_safe
def verification_privacy(request):
    """What the public verification page does with the data it shows, in neutral words.

    Employers reach it from a certificate's verification page: like that page, it says
    nothing about where the training took place (the full notice speaks of prisons).
    """
    return render(request, "privacy/verification_notice.html")

"""The public verification page that a certificate's QR code opens."""

import re

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from certificates import selectors
from lapas_training.client_ip import client_ip

VERIFICATION_CODE = re.compile(r"^[A-Za-z0-9_-]{32}$")


@never_cache
def verify(request, code: str):
    """The public verification page: status and the few facts an employer needs, nothing more."""
    if is_ratelimited(
        request,
        group="certificates.verify",
        key=lambda group, request: client_ip(request) or "",
        rate=settings.VERIFY_RATE,
        increment=True,
    ):
        return render(request, "certificates/verify_limited.html", status=429)
    certificate = selectors.certificate_by_code(code) if VERIFICATION_CODE.match(code) else None
    if certificate is None:
        return render(request, "certificates/verify_unknown.html", status=404)
    return render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "replacement": certificate.superseded_by,
            # The stored file's fingerprint, for comparing a forwarded copy: valid ones only.
            "pdf_sha256": certificate.pdf_sha256
            if certificate.is_valid and certificate.pdf
            else "",
        },
    )

"""System checks of the certificate engine: a signing key that cannot sign stops the start.

Every management command runs them (``runserver``, ``db_worker``, ``migrate``, ``check
--deploy``), and building the signer here also loads the key for the rest of the process.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

from certificates import signing

# A signing certificate this close to its end earns a warning: renewing one takes time.
EXPIRY_WARNING = timedelta(days=30)


@register(Tags.security)
def check_pdf_signing(app_configs, **kwargs):
    """Build the PDF signer once; report a key that cannot be used, or soon cannot."""
    try:
        signer = signing.get_signer()
    except ImproperlyConfigured as exc:
        return [
            Error(
                f"Certificate PDFs cannot be signed: {exc}",
                hint=(
                    "Set PDF_SIGNING_PKCS12 to a readable PKCS#12 file and "
                    "PDF_SIGNING_PASSPHRASE (or PDF_SIGNING_PASSPHRASE_FILE) to its "
                    "passphrase, or unset PDF_SIGNING_PKCS12 to store unsigned PDFs."
                ),
                id="certificates.E001",
            )
        ]
    problems = []
    if not signer.signs and (settings.PDF_SIGNING_TSA_URL or settings.PDF_SIGNING_PASSPHRASE):
        problems.append(
            Warning(
                "PDF_SIGNING_TSA_URL or PDF_SIGNING_PASSPHRASE is set but no key is: "
                "certificate PDFs are stored unsigned.",
                hint="Set PDF_SIGNING_PKCS12 to the agency's PKCS#12 file.",
                id="certificates.W001",
            )
        )
    certificate = getattr(signer, "certificate", None)
    if certificate is not None:
        left = certificate.not_valid_after_utc - datetime.now(UTC)
        if left < EXPIRY_WARNING:
            problems.append(
                Warning(
                    f"The PDF signing certificate ({certificate.subject.rfc4514_string()}) "
                    f"expires on {certificate.not_valid_after_utc:%Y-%m-%d}.",
                    hint="Ask BSrE or the agency's CA for a new one and replace the PKCS#12 file.",
                    id="certificates.W002",
                )
            )
    return problems

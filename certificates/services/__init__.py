"""Every write to certificates, ceremonies and an agency's certificate settings."""

from certificates.services.agency import (
    MAX_LOGO_BYTES,
    MAX_LOGO_PIXELS,
    agency_update_settings,
    reencode_logo,
)
from certificates.services.ceremonies import ceremony_create, record_ceremony_print
from certificates.services.issuing import (
    VERIFICATION_CODE_BYTES,
    allocate_numbers,
    certificate_reissue,
    certificate_revoke,
    certificates_issue,
    hours_decision_record,
    new_verification_code,
    record_download,
    refuse_reopening_with_valid_certificates,
)
from certificates.services.rendering import (
    assemble_ceremony,
    render_certificates,
    render_everything_pending,
    retry_ceremony,
    retry_rendering,
)

__all__ = [
    "MAX_LOGO_BYTES",
    "MAX_LOGO_PIXELS",
    "VERIFICATION_CODE_BYTES",
    "agency_update_settings",
    "allocate_numbers",
    "assemble_ceremony",
    "ceremony_create",
    "certificate_reissue",
    "certificate_revoke",
    "certificates_issue",
    "hours_decision_record",
    "new_verification_code",
    "record_ceremony_print",
    "record_download",
    "reencode_logo",
    "refuse_reopening_with_valid_certificates",
    "render_certificates",
    "render_everything_pending",
    "retry_ceremony",
    "retry_rendering",
]

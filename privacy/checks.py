"""Deployment checks of the privacy settings: the notice must name whom to ask."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.validators import validate_email


@checks.register(checks.Tags.security, deploy=True)
def privacy_contact_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Warn when production runs without the controller's name or the officer's email."""
    if settings.DEBUG:
        return []
    found = []
    if not settings.PRIVACY_CONTROLLER_NAME.strip():
        found.append(
            checks.Warning(
                "PRIVACY_CONTROLLER_NAME is not set: the privacy notice (/privasi/) names no "
                "data controller.",
                hint="Set PRIVACY_CONTROLLER_NAME (and PRIVACY_CONTROLLER_ADDRESS) to the "
                "institution responsible for the data.",
                id="privacy.W001",
            )
        )
    email = settings.PRIVACY_DPO_EMAIL.strip()
    try:
        if email:
            validate_email(email)
    except ValidationError:
        email = ""
    if not email:
        found.append(
            checks.Warning(
                "PRIVACY_DPO_EMAIL is not set to an email address: data subjects reading the "
                "privacy notice (/privasi/) have no address to write to.",
                hint="Set PRIVACY_DPO_EMAIL (and PRIVACY_DPO_NAME, PRIVACY_DPO_PHONE) to the "
                "data protection officer's contact.",
                id="privacy.W002",
            )
        )
    return found

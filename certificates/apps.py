from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Sertifikat")

    def ready(self):
        from certificates import checks  # noqa: F401 -- registers the system checks
        from certificates.services import refuse_reopening_with_valid_certificates
        from programs.signals import cohort_reopening

        cohort_reopening.connect(
            refuse_reopening_with_valid_certificates,
            dispatch_uid="certificates.refuse_reopening",
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the service: health check, request ids in logs, backup and restore."""

    name = "operations"
    verbose_name = _("Operasional")

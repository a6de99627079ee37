from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Development only: the seeding commands. Production settings run without it."""

    name = "demo"
    verbose_name = _("Data contoh")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LapasTrainingConfig(AppConfig):
    name = "lapas_training"
    verbose_name = _("Akun dan audit")

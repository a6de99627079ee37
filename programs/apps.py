from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Program pelatihan")

    def ready(self):
        from inmates.signals import inmate_departed
        from programs.services import withdraw_departed_inmate

        inmate_departed.connect(withdraw_departed_inmate, dispatch_uid="programs.withdraw_departed")

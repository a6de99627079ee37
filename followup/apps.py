from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    """After release: the Bapas follows the graduates and records what the training led to."""

    name = "followup"
    verbose_name = _("Tindak lanjut setelah bebas")

    def ready(self) -> None:
        from followup.services import plan_for_release
        from inmates.signals import inmate_departed

        inmate_departed.connect(plan_for_release, dispatch_uid="followup.plan_for_release")

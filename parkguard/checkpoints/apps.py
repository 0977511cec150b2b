from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckpointsConfig(AppConfig):
    """Gates and road check stations: scanning passes, the scan log and contact-tracing queries (issue #5)."""

    name = "parkguard.checkpoints"
    verbose_name = _("Checkpoints")

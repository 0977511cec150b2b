from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The daily cycle: report templates, daily reports, completeness, roll-up, the daily bulletin."""

    name = "parkguard.reports"
    verbose_name = _("Daily reports")

    def ready(self) -> None:
        from . import signals

        signals.connect()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """Command-centre pages (指挥部看板): reads every app, written to by none; has no models."""

    name = "parkguard.dashboard"
    verbose_name = _("Dashboard")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthConfig(AppConfig):
    """Health declarations, risk areas and the colour rules that decide a person's pass colour (issue #5)."""

    name = "parkguard.health"
    verbose_name = _("Health declarations")

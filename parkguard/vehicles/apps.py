from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VehiclesConfig(AppConfig):
    """Vehicle registration (车辆登记备案) and vehicle passes (issue #5)."""

    name = "parkguard.vehicles"
    verbose_name = _("Vehicles")

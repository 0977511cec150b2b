from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    """Returning workers (返岗): origin control, isolation capacity and the return batch planner."""

    name = "parkguard.returns"
    verbose_name = _("Returning workers")

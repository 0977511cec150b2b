from django.db import models
from django.utils.translation import gettext_lazy as _


class VehicleType(models.TextChoices):
    """Kinds of vehicle on the 2020-2022 registration forms (货车、冷链、危化品、客车)."""

    TRUCK = "truck", _("Freight truck")
    VAN = "van", _("Van")
    COLD_CHAIN = "cold_chain", _("Cold-chain truck")
    TANKER = "tanker", _("Tanker (hazardous goods)")
    BUS = "bus", _("Bus")
    CAR = "car", _("Car")
    OTHER = "other", _("Other")


class VehicleStatus(models.TextChoices):
    """A registration's lifecycle: registered → approved ⇄ suspended."""

    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    SUSPENDED = "suspended", _("Suspended")

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class Block(models.TextChoices):
    """Why origin control blocks a return (the reason is shown with the place or date)."""

    NO_CERTIFICATE = "no_certificate", _("No origin certificate")
    ORIGIN_RISK_AREA = "origin_risk_area", _("Origin in a risk area")
    TRAVEL_RISK_AREA = "travel_risk_area", _("Travel through a risk area")
    HOME_OBSERVATION = "home_observation", _("Home observation not finished")


class RunStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DEPARTED = "departed", _("Departed")
    ARRIVED = "arrived", _("Arrived")

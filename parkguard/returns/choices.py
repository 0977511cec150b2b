from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanState(models.TextChoices):
    """A plan's one life: solving (the background job runs) → draft → approved, or solving → failed.

    The job's outcome is a state of the plan rather than a separate status field, because every action
    already asks "which state is the plan in?": edits and approval need a draft, and a second field
    would let a "draft" whose job is still running slip through those checks.
    """

    SOLVING = "solving", _("Solving")
    FAILED = "failed", _("Failed")
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class PlanStage(models.TextChoices):
    """How far the planner's background job is (shown while the plan is solving)."""

    QUEUED = "queued", _("Queued")
    LOADING = "loading", _("Loading the returnees")
    SOLVING = "solving", _("Solving")
    WRITING = "writing", _("Writing the plan")
    DONE = "done", _("Done")


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

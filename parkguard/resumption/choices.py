from django.db import models
from django.utils.translation import gettext_lazy as _


class Mode(models.TextChoices):
    """How a park lets enterprises resume (chosen per park)."""

    APPROVAL = "approval", _("Prior approval")
    # 备案制 + 承诺制: resumes on filing with a signed commitment; a sampled share is spot-checked.
    FILING = "filing", _("Filing with commitment")


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    INSPECTED = "inspected", _("Inspected")
    APPROVED = "approved", _("Approved")
    FILED = "filed", _("Filed")
    RETURNED = "returned", _("Returned for revision")
    REJECTED = "rejected", _("Rejected")
    RESUMED = "resumed", _("Resumed")
    SUSPENDED = "suspended", _("Suspended")


class Action(models.TextChoices):
    CREATE = "create", _("Create")
    SUBMIT = "submit", _("Submit")
    INSPECT = "inspect", _("Pass the site inspection")
    APPROVE = "approve", _("Approve")
    RETURN = "return", _("Return for revision")
    REJECT = "reject", _("Reject")
    RESUME = "resume", _("Mark resumed")
    SUSPEND = "suspend", _("Suspend")
    LIFT = "lift", _("Lift the suspension")
    SPOT_CHECK = "spot_check", _("Spot check")


# States in which an application waits for a reviewer (the queues).
WAITING_STATES = (State.SUBMITTED, State.INSPECTED)
# States of an application still being prepared by the enterprise.
EDITABLE_STATES = (State.DRAFT, State.RETURNED)
# Items of the site inspection checklist (checked by the grid official on site).
CHECKLIST = {
    "prevention_group": _("Prevention group in place"),
    "temperature_checks": _("Temperature checks at the entrance"),
    "disinfection": _("Disinfection done as scheduled"),
    "canteen": _("Canteen arranged (staggered, spaced)"),
    "dormitory": _("Dormitories arranged"),
    "isolation_rooms": _("Isolation rooms ready"),
    "supplies": _("Supplies in stock"),
}

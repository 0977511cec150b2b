"""Work resumption (复工复产): an enterprise's application, its transitions, inspections, park settings.

The application hangs off the enterprise's node (scope is evaluated there). Its lifecycle is the table
in workflow.py; every change of state is a ``Transition`` row (who, when, why), which doubles as the
history that resumption rates are computed from.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parkguard.core.scoping import ScopedQuerySet

from .choices import WAITING_STATES, Action, Mode, State


class ParkSettings(models.Model):
    """How one park runs resumption: its mode, the spot-check share and the review deadlines."""

    scope_node_fields = ("park",)
    scope_personal = False

    park = models.OneToOneField(
        "hierarchy.Node", on_delete=models.CASCADE, related_name="resumption_settings", verbose_name=_("park")
    )
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, default=Mode.APPROVAL)
    spot_check_percent = models.PositiveSmallIntegerField(
        _("share spot-checked (%)"), default=20, validators=[MaxValueValidator(100)]
    )
    spot_check_days = models.PositiveSmallIntegerField(_("spot check within (days)"), default=7)
    review_hours = models.PositiveSmallIntegerField(_("review deadline (hours)"), default=72)
    green_channel_hours = models.PositiveSmallIntegerField(_("green-channel deadline (hours)"), default=24)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("resumption settings")
        verbose_name_plural = _("resumption settings")

    def __str__(self) -> str:
        return f"{self.park} · {self.get_mode_display()}"


class ApplicationQuerySet(ScopedQuerySet):
    def waiting(self) -> ApplicationQuerySet:
        return self.filter(state__in=WAITING_STATES)


class Application(models.Model):
    """An enterprise's application to resume work: headcounts, prevention plan, supplies, documents."""

    scope_node_fields = ("enterprise__node",)
    # Names the prevention group's head: the national office sees aggregates only.
    scope_personal = True

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="resumption_applications",
        verbose_name=_("enterprise"),
    )
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, default=Mode.APPROVAL)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    planned_date = models.DateField(_("planned resumption date"))
    resumed_on = models.DateField(_("resumed on"), null=True, blank=True)
    # Headcounts (pre-filled from the roster where it holds them).
    headcount_total = models.PositiveIntegerField(_("employees in total"), default=0)
    headcount_local = models.PositiveIntegerField(_("local employees"), default=0)
    headcount_elsewhere = models.PositiveIntegerField(_("employees from elsewhere"), default=0)
    headcount_risk_areas = models.PositiveIntegerField(_("employees from risk areas"), default=0)
    headcount_returned = models.PositiveIntegerField(_("employees already returned"), default=0)
    headcount_isolation = models.PositiveIntegerField(_("employees in isolation"), default=0)
    # The prevention plan as a checklist.
    prevention_group = models.BooleanField(_("prevention group set up"), default=False)
    prevention_head = models.CharField(_("head of the prevention group"), max_length=60, blank=True)
    temperature_checks = models.BooleanField(_("temperature checks at the entrance"), default=False)
    disinfection_schedule = models.CharField(_("disinfection schedule"), max_length=200, blank=True)
    canteen_arrangements = models.CharField(_("canteen arrangements"), max_length=300, blank=True)
    dormitory_arrangements = models.CharField(_("dormitory arrangements"), max_length=300, blank=True)
    isolation_rooms = models.PositiveSmallIntegerField(_("isolation rooms on site"), default=0)
    emergency_plan = models.BooleanField(_("emergency plan in place"), default=False)
    plan_document = models.FileField(_("prevention plan"), upload_to="resumption/plans/%Y/%m/", blank=True)
    commitment_letter = models.FileField(
        _("signed commitment letter"), upload_to="resumption/commitments/%Y/%m/", blank=True
    )
    # Supplies in stock, in days of use.
    masks_days = models.PositiveSmallIntegerField(_("masks (days)"), default=0)
    thermometers_days = models.PositiveSmallIntegerField(_("thermometers (days)"), default=0)
    disinfectant_days = models.PositiveSmallIntegerField(_("disinfectant (days)"), default=0)
    green_channel = models.BooleanField(_("green channel requested"), default=False)
    green_channel_reason = models.CharField(_("green-channel reason"), max_length=300, blank=True)
    # Review bookkeeping.
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    due_at = models.DateTimeField(_("decision due"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    spot_check = models.BooleanField(_("sampled for a spot check"), default=False)
    spot_check_due = models.DateField(_("spot check due"), null=True, blank=True)
    spot_checked_at = models.DateTimeField(_("spot-checked at"), null=True, blank=True)
    suspension_conditions = models.TextField(_("conditions to lift the suspension"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("resumption application")
        verbose_name_plural = _("resumption applications")
        constraints = [
            # One live application per enterprise; a rejected one may be followed by a new one.
            models.UniqueConstraint(
                fields=["enterprise"], condition=~Q(state=State.REJECTED), name="resumption_one_live"
            )
        ]
        indexes = [models.Index(fields=["state", "due_at"], name="resumption_queue")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.planned_date:%Y-%m-%d}"


class Transition(models.Model):
    """One step of an application's lifecycle: from, to, who, when, why (and the date it took effect)."""

    scope_node_fields = ("application__enterprise__node",)
    scope_personal = False

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("application")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    reason = models.TextField(_("reason"), blank=True)
    # The day the new state holds from (the actual resumption date may precede the click).
    effective_on = models.DateField(_("effective on"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        indexes = [models.Index(fields=["to_state", "effective_on"], name="resumption_transition_day")]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class Inspection(models.Model):
    """A site inspection by the grid official (before approval, or a spot check after filing)."""

    scope_node_fields = ("application__enterprise__node",)
    scope_personal = False

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="inspections", verbose_name=_("application")
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    checklist = models.JSONField(_("checklist"), default=dict)
    findings = models.TextField(_("findings"), blank=True)
    passed = models.BooleanField(_("passed"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return f"{self.application} · {self.created_at:%Y-%m-%d}"


class InspectionPhoto(models.Model):
    """A photo of an inspection, re-encoded without its EXIF (location) before storage."""

    scope_node_fields = ("inspection__application__enterprise__node",)
    scope_personal = False

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to="resumption/photos/%Y/%m/")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")

    def __str__(self) -> str:
        return self.image.name

"""Returning workers (issue #7): returnees with origin control, isolation sites and rooms, batch plans.

The planner itself (``planner.py``) is pure; a ``ReturnPlan`` stores one run of it for review, hand
edits (re-checked with ``planner.check_plan``) and approval.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parkguard.core.scoping import ScopedQuerySet

from .choices import PlanState

DEFAULT_OBSERVATION_DAYS = 14


class Returnee(models.Model):
    """A person an enterprise registers as coming back, with what origin control needs to know."""

    scope_node_fields = ("enterprise",)
    scope_personal = True

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="returns", verbose_name=_("person")
    )
    enterprise = models.ForeignKey(
        "hierarchy.Node", on_delete=models.PROTECT, related_name="returnees", verbose_name=_("enterprise")
    )
    department = models.CharField(_("department"), max_length=60, blank=True)
    post = models.CharField(_("post"), max_length=60, blank=True)
    household_registration = models.CharField(_("household registration"), max_length=200, blank=True)
    residence_address = models.CharField(_("current residence"), max_length=200, blank=True)
    origin_code = models.CharField(_("origin division code"), max_length=6)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    certificate_issuer = models.CharField(_("issuing village or community"), max_length=120, blank=True)
    certificate_date = models.DateField(_("certificate date"), null=True, blank=True)
    certificate_scan = models.FileField(_("certificate scan"), upload_to="returns/certificates/", blank=True)
    transport = models.CharField(_("transport"), max_length=40, blank=True)
    transport_number = models.CharField(_("train or flight number"), max_length=20, blank=True)
    arrival_date = models.DateField(_("arrival date"), null=True, blank=True)
    earliest_arrival = models.DateField(_("earliest usable arrival"), null=True, blank=True)
    latest_arrival = models.DateField(_("latest usable arrival"), null=True, blank=True)
    risk_area_stay = models.BooleanField(_("stayed in a risk area"), default=False)
    risk_contact = models.BooleanField(_("contact with a confirmed or suspected case"), default=False)
    risk_notes = models.TextField(_("stays and contacts"), blank=True)
    symptoms = models.JSONField(_("symptoms"), default=list, blank=True)
    family_members = models.JSONField(_("family members returning with them"), default=list, blank=True)
    key_position = models.BooleanField(_("key position"), default=False)
    home_observation_until = models.DateField(_("home observation until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise", "id"]
        verbose_name = _("returnee")
        verbose_name_plural = _("returnees")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(earliest_arrival__isnull=True)
                | models.Q(latest_arrival__isnull=True)
                | models.Q(earliest_arrival__lte=models.F("latest_arrival")),
                name="returnee_window_ordered",
            )
        ]

    def __str__(self) -> str:
        return str(self.person)


class ReturnTravel(models.Model):
    """One leg of a returnee's travel: a city (division code) and the days spent there or passed through."""

    scope_node_fields = ("returnee__enterprise",)
    scope_personal = True

    returnee = models.ForeignKey(
        Returnee, on_delete=models.CASCADE, related_name="travels", verbose_name=_("returnee")
    )
    division_code = models.CharField(_("division code"), max_length=6)
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["returnee", "date_from"]
        verbose_name = _("travel")
        verbose_name_plural = _("travel")

    def __str__(self) -> str:
        return f"{self.division_code} {self.date_from}–{self.date_to}"


class IsolationSite(models.Model):
    """The isolation configuration of a hierarchy node of kind ``isolation_site``."""

    scope_node_fields = ("node",)
    scope_personal = False

    node = models.OneToOneField(
        "hierarchy.Node", on_delete=models.PROTECT, related_name="isolation", verbose_name=_("site")
    )
    capacity = models.PositiveIntegerField(_("beds"))
    observation_days = models.PositiveSmallIntegerField(
        _("observation days"), default=DEFAULT_OBSERVATION_DAYS
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("site officer"),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["node__path"]
        verbose_name = _("isolation site")
        verbose_name_plural = _("isolation sites")

    def __str__(self) -> str:
        return self.node.name


class Room(models.Model):
    scope_node_fields = ("site__node",)
    scope_personal = False

    site = models.ForeignKey(
        IsolationSite, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("site")
    )
    number = models.CharField(_("room"), max_length=20)
    beds = models.PositiveSmallIntegerField(_("beds"), default=1)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["site", "number"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [models.UniqueConstraint(fields=["site", "number"], name="room_unique_number")]

    def __str__(self) -> str:
        return f"{self.site} {self.number}"


class ReturnPlan(models.Model):
    """One run of the batch planner for a park: proposed, adjusted by hand, approved."""

    scope_node_fields = ("park",)
    scope_personal = False

    park = models.ForeignKey(
        "hierarchy.Node", on_delete=models.PROTECT, related_name="return_plans", verbose_name=_("park")
    )
    state = models.CharField(_("state"), max_length=10, choices=PlanState.choices, default=PlanState.DRAFT)
    first_day = models.DateField(_("first day"))
    horizon_days = models.PositiveSmallIntegerField(_("days planned"))
    observation_days = models.PositiveSmallIntegerField(
        _("observation days"), default=DEFAULT_OBSERVATION_DAYS
    )
    objective = models.BigIntegerField(_("objective"), default=0)
    bound = models.FloatField(_("upper bound"), default=0)
    bound_kind = models.CharField(_("kind of bound"), max_length=20, blank=True)
    solver_status = models.CharField(_("solver status"), max_length=20, blank=True)
    solve_seconds = models.FloatField(_("solve time (s)"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("return plan")
        verbose_name_plural = _("return plans")

    def __str__(self) -> str:
        return f"{self.park} {self.first_day} ({self.get_state_display()})"


class PlanEntry(models.Model):
    """A returnee's line in a plan: arrival date and site, or none and the reasons (planner explanations)."""

    scope_node_fields = ("plan__park",)
    scope_personal = True

    plan = models.ForeignKey(
        ReturnPlan, on_delete=models.CASCADE, related_name="entries", verbose_name=_("plan")
    )
    returnee = models.ForeignKey(
        Returnee, on_delete=models.PROTECT, related_name="plan_entries", verbose_name=_("returnee")
    )
    arrival_date = models.DateField(_("arrival date"), null=True, blank=True)
    site = models.ForeignKey(
        IsolationSite,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("site"),
    )
    explanation = models.JSONField(_("why not placed"), default=list, blank=True)
    edited = models.BooleanField(_("edited by hand"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "arrival_date", "id"]
        verbose_name = _("plan entry")
        verbose_name_plural = _("plan entries")
        constraints = [
            models.UniqueConstraint(fields=["plan", "returnee"], name="plan_entry_unique_returnee"),
            models.CheckConstraint(
                condition=models.Q(arrival_date__isnull=True, site__isnull=True)
                | models.Q(arrival_date__isnull=False, site__isnull=False),
                name="plan_entry_date_and_site_together",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.returnee} → {self.arrival_date or '-'}"

"""Returning workers (issue #7): returnees with origin control, isolation sites and rooms, batch plans.

The planner itself (``planner.py``) is pure; a ``ReturnPlan`` stores one run of it for review, hand
edits (re-checked with ``planner.check_plan``) and approval.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parkguard.core.scoping import ScopedQuerySet

from .choices import PlanStage, PlanState, RunStatus

DEFAULT_OBSERVATION_DAYS = 14
JOB_LOST_AFTER = 15 * 60  # seconds past the solver's time limit


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

    @property
    def origin_group(self) -> str:
        """The city of the origin (first four digits): one chartered bus line per city."""
        return origin_group_of(self.origin_code)


def origin_group_of(code: str) -> str:
    return (code or "")[:4].ljust(6, "0")


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
    bus_seats = models.PositiveSmallIntegerField(
        _("bus seats per origin and day"),
        default=0,
        help_text=_("Seats per day for every origin group not listed in the quota."),
    )
    bus_quota = models.JSONField(
        _("bus seats by origin group"),
        default=dict,
        blank=True,
        help_text=_("Origin group (city division code) → seats per day."),
    )
    sites = models.ManyToManyField(
        IsolationSite, related_name="+", blank=True, verbose_name=_("usable isolation sites")
    )
    site_capacity = models.JSONField(_("free beds by site and day"), default=dict, blank=True, editable=False)
    time_limit = models.FloatField(_("solver time limit (s)"), default=20.0, editable=False)
    # Progress of the background job (tasks.solve_plan): its stage, how many returnees it plans for and
    # how many entries it has written; the error when it failed.
    stage = models.CharField(
        _("stage"), max_length=10, choices=PlanStage.choices, default=PlanStage.DONE, editable=False
    )
    returnee_count = models.PositiveIntegerField(_("returnees to plan"), default=0, editable=False)
    written_count = models.PositiveIntegerField(_("entries written"), default=0, editable=False)
    error = models.TextField(_("error"), blank=True, editable=False)
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

    @property
    def job_lost(self) -> bool:
        """Still solving long after its time limit: the job is gone (a worker restarted), discard allowed."""
        if self.state != PlanState.SOLVING or self.created_at is None:
            return False
        waited = (timezone.now() - self.created_at).total_seconds()
        return waited > self.time_limit + JOB_LOST_AFTER


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


class TransportRun(models.Model):
    """A point-to-point bus (点对点) of an approved plan: one arrival date and origin group, no stops."""

    scope_node_fields = ("plan__park",)
    scope_personal = False

    plan = models.ForeignKey(
        ReturnPlan, on_delete=models.PROTECT, related_name="runs", verbose_name=_("plan")
    )
    arrival_date = models.DateField(_("arrival date"))
    origin_group = models.CharField(_("origin group"), max_length=6)
    seats = models.PositiveSmallIntegerField(_("seats"))
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.PLANNED
    )
    vehicle = models.ForeignKey(
        "vehicles.Vehicle",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="return_runs",
        verbose_name=_("vehicle"),
    )
    vehicle_pass = models.ForeignKey(
        "passes.Pass",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vehicle pass"),
    )
    driver_name = models.CharField(_("driver"), max_length=60, blank=True)
    leader_name = models.CharField(_("responsible leader"), max_length=60, blank=True)
    route = models.CharField(_("route"), max_length=200, blank=True)
    departure_at = models.DateTimeField(_("planned departure"), null=True, blank=True)
    arrival_at = models.DateTimeField(_("planned arrival"), null=True, blank=True)
    departed_at = models.DateTimeField(_("departed"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("arrived"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["arrival_date", "origin_group", "id"]
        verbose_name = _("transport run")
        verbose_name_plural = _("transport runs")

    def __str__(self) -> str:
        return f"{self.arrival_date} {self.origin_group} #{self.pk}"


class RunPassenger(models.Model):
    """A returnee on a run's manifest, with the temperatures taken at boarding and at arrival."""

    scope_node_fields = ("run__plan__park",)
    scope_personal = True

    run = models.ForeignKey(
        TransportRun, on_delete=models.CASCADE, related_name="passengers", verbose_name=_("run")
    )
    entry = models.OneToOneField(
        PlanEntry, on_delete=models.PROTECT, related_name="passenger", verbose_name=_("plan entry")
    )
    returnee = models.ForeignKey(
        Returnee, on_delete=models.PROTECT, related_name="rides", verbose_name=_("returnee")
    )
    boarding_temperature = models.DecimalField(
        _("boarding temperature"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    arrival_temperature = models.DecimalField(
        _("arrival temperature"), max_digits=3, decimal_places=1, null=True, blank=True
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["run", "id"]
        verbose_name = _("passenger")
        verbose_name_plural = _("passengers")

    def __str__(self) -> str:
        return str(self.returnee)


class RunTransition(models.Model):
    """One step of a run's status (planned → departed → arrived): who, when."""

    scope_node_fields = ("run__plan__park",)
    scope_personal = False

    run = models.ForeignKey(
        TransportRun, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("run")
    )
    from_status = models.CharField(_("from"), max_length=10, choices=RunStatus.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=RunStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["run", "created_at", "id"]
        verbose_name = _("run transition")
        verbose_name_plural = _("run transitions")

    def __str__(self) -> str:
        return f"{self.run_id}: {self.from_status} → {self.to_status}"


# --- central isolation observation (stays, observations, alerts) -----------------------------------


class Slot(models.TextChoices):
    """The two observations of a day (早晚各一次)."""

    MORNING = "morning", _("Morning check")
    EVENING = "evening", _("Evening check")


class TestResult(models.TextChoices):
    NONE = "", _("No test")
    NEGATIVE = "negative", _("Negative")
    POSITIVE = "positive", _("Positive")


class AlertKind(models.TextChoices):
    FEVER = "fever", _("Fever")
    POSITIVE_TEST = "positive_test", _("Positive test")
    OVERDUE = "overdue", _("Observation overdue")


class IsolationStay(models.Model):
    """One person's central isolation observation at a site: check-in, planned release, release.

    A stay takes one bed of its room from the check-in day until the day before its release (the
    planned release while it lasts). A person has at most one stay not yet released.
    """

    scope_node_fields = ("site__node",)
    scope_personal = True

    site = models.ForeignKey(
        IsolationSite, on_delete=models.PROTECT, related_name="stays", verbose_name=_("site")
    )
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="stays", verbose_name=_("room"))
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="isolation_stays", verbose_name=_("person")
    )
    returnee = models.ForeignKey(
        Returnee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stays",
        verbose_name=_("returnee"),
    )
    check_in_date = models.DateField(_("check-in date"))
    planned_release = models.DateField(_("planned release"))
    released_on = models.DateField(_("released on"), null=True, blank=True)
    early_release_reason = models.TextField(_("reason for an early release"), blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=30, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_in_at = models.DateTimeField(_("checked in at"), default=timezone.now)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["site", "-check_in_date", "id"]
        verbose_name = _("isolation stay")
        verbose_name_plural = _("isolation stays")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(released_on__isnull=True),
                name="stay_one_open_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(planned_release__gt=models.F("check_in_date")),
                name="stay_release_after_check_in",
            ),
            models.CheckConstraint(
                condition=models.Q(released_on__isnull=True)
                | models.Q(released_on__gte=models.F("check_in_date")),
                name="stay_released_after_check_in",
            ),
        ]
        indexes = [models.Index(fields=["site", "released_on"], name="stay_site_open")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.site}"

    @property
    def is_open(self) -> bool:
        return self.released_on is None


class StayExtension(models.Model):
    """An extension of a stay's observation period, with its reason."""

    scope_node_fields = ("stay__site__node",)
    scope_personal = True

    stay = models.ForeignKey(
        IsolationStay, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("stay")
    )
    previous_release = models.DateField(_("previous release"))
    new_release = models.DateField(_("new release"))
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["stay", "created_at", "id"]
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")

    def __str__(self) -> str:
        return f"{self.stay_id}: {self.previous_release} → {self.new_release}"


class Observation(models.Model):
    """One of the two daily observations of a stay: temperature, symptoms, a test result if any."""

    scope_node_fields = ("stay__site__node",)
    scope_personal = True

    stay = models.ForeignKey(
        IsolationStay, on_delete=models.CASCADE, related_name="observations", verbose_name=_("stay")
    )
    date = models.DateField(_("date"))
    slot = models.CharField(_("time of day"), max_length=8, choices=Slot.choices)
    temperature = models.DecimalField(_("temperature (°C)"), max_digits=3, decimal_places=1)
    symptoms = models.JSONField(_("symptoms"), default=list, blank=True)
    test_result = models.CharField(
        _("test result"), max_length=10, choices=TestResult.choices, default=TestResult.NONE, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["stay", "date", "slot"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(fields=["stay", "date", "slot"], name="observation_one_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.stay_id} {self.date} {self.slot}: {self.temperature}"

    @property
    def symptom_labels(self) -> list[str]:
        from parkguard.health.choices import Symptom

        return [str(Symptom(s).label) for s in self.symptoms if s in Symptom.values]


class IsolationAlert(models.Model):
    """A fever, a positive test (escalated to the command) or an overdue observation (to the officer)."""

    scope_node_fields = ("stay__site__node",)
    scope_personal = True

    stay = models.ForeignKey(
        IsolationStay, on_delete=models.CASCADE, related_name="alerts", verbose_name=_("stay")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=AlertKind.choices)
    date = models.DateField(_("date"))
    slot = models.CharField(_("time of day"), max_length=8, choices=Slot.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-created_at", "-id"]
        verbose_name = _("isolation alert")
        verbose_name_plural = _("isolation alerts")
        constraints = [
            models.UniqueConstraint(fields=["stay", "kind", "date", "slot"], name="alert_once_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.stay_id} {self.kind} {self.date} {self.slot}"

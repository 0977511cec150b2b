"""Health declarations, risk areas, colour rules (versioned data), stored colour statuses and manual changes.

A person's colour comes from the rule set of their park applied to their declarations and the park's
risk areas (``status.evaluate``); the result is stored in ``PersonStatus`` with the reasons, so a gate,
a pass and a page all read the same colour and say the same why. A manual change overrides the rules
while it is in force, after a second official approved it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from parkguard.core.scoping import ScopedQuerySet, scope_of

from .choices import Colour, ConditionKind, JobStatus, ManualStatus, RiskLevel

# Rows about a person are visible through the person's residence or employer, and to the person.
PERSON_NODES = ("person__residence", "person__employer")


class Declaration(models.Model):
    """A person's daily health declaration (健康申报). One per person and date; a correction on the same
    day replaces the answers (the audit log keeps what they were)."""

    scope_node_fields = PERSON_NODES
    scope_self_field = "person__user"
    scope_personal = True

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="declarations", verbose_name=_("person")
    )
    date = models.DateField(_("date"))
    temperature = models.DecimalField(_("temperature (°C)"), max_digits=3, decimal_places=1)
    symptoms = models.JSONField(_("symptoms"), default=list, blank=True)
    contact = models.BooleanField(_("contact with a confirmed or suspected case"), default=False)
    under_observation = models.BooleanField(_("under medical observation"), default=False)
    residence = models.ForeignKey(
        "hierarchy.Node",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("residence"),
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    corrections = models.PositiveSmallIntegerField(_("corrections"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "person_id"]
        verbose_name = _("health declaration")
        verbose_name_plural = _("health declarations")
        constraints = [models.UniqueConstraint(fields=["person", "date"], name="declaration_one_per_day")]
        indexes = [models.Index(fields=["date"], name="declaration_date")]

    def __str__(self) -> str:
        return f"{self.person} {self.date}"


class Travel(models.Model):
    """One place of a declaration's travel history (出行轨迹): a division code and the dates there."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="travels")
    division_code = models.CharField(_("division code"), max_length=6)
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))

    class Meta:
        ordering = ["declaration", "date_from", "id"]
        verbose_name = _("travel")
        verbose_name_plural = _("travel history")

    def __str__(self) -> str:
        return f"{self.division_code} {self.date_from}–{self.date_to}"

    @property
    def place(self) -> str:
        from .divisions import lookup

        division = lookup(self.division_code)
        return division.full_name if division else self.division_code


def park_paths_around(user) -> set[str]:  # type: ignore[no-untyped-def]
    """Paths of the parks that hold the user's subtrees (a grid official's park, too)."""
    from parkguard.hierarchy.models import STEP_WIDTH

    return {path[: 2 * STEP_WIDTH] for path in scope_of(user).subtree_paths if len(path) >= 2 * STEP_WIDTH}


class ParkPolicyQuerySet(ScopedQuerySet):
    """A park's health policy (risk areas, rules) is not personal: every official of the park reads it,
    not only those whose scope holds the park node; changing it is the command's (workflow)."""

    def visible_to(self, user):  # type: ignore[no-untyped-def]
        visible = super().visible_to(user)
        paths = park_paths_around(user)
        return (visible | self.filter(park__path__in=paths)).distinct() if paths else visible


class RiskArea(models.Model):
    """A region a park's command lists as medium or high risk (中/高风险地区) from one date, until ended."""

    scope_node_fields = ("park",)
    scope_personal = False

    park = models.ForeignKey(
        "hierarchy.Node", on_delete=models.CASCADE, related_name="risk_areas", verbose_name=_("park")
    )
    division_code = models.CharField(_("division code"), max_length=6)
    name = models.CharField(_("place"), max_length=120)
    level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ParkPolicyQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["park", "-valid_from", "division_code"]
        verbose_name = _("risk area")
        verbose_name_plural = _("risk areas")
        indexes = [models.Index(fields=["park", "valid_from"], name="risk_area_park_from")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_level_display()})"

    def is_active_on(self, day) -> bool:  # type: ignore[no-untyped-def]
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


class RuleSetQuerySet(ParkPolicyQuerySet):
    def latest_for(self, park_id: int) -> RuleSet | None:
        return self.filter(park_id=park_id).order_by("-version").first()


class RuleSet(models.Model):
    """One version of a park's colour rules. The latest version is in force; every change makes a new
    version, and each stored status records the version it was evaluated under."""

    scope_node_fields = ("park",)
    scope_personal = False

    park = models.ForeignKey(
        "hierarchy.Node", on_delete=models.CASCADE, related_name="rule_sets", verbose_name=_("park")
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    note = models.CharField(_("change"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RuleSetQuerySet.as_manager()

    class Meta:
        ordering = ["park", "-version"]
        verbose_name = _("colour rule set")
        verbose_name_plural = _("colour rule sets")
        constraints = [models.UniqueConstraint(fields=["park", "version"], name="rule_set_version")]

    def __str__(self) -> str:
        return f"{self.park} v{self.version}"

    def ordered_rules(self) -> list[Rule]:
        return sorted(self.rules.all(), key=lambda r: (r.order, r.pk or 0))


class Rule(models.Model):
    """One rule of a rule set: a condition (kind + parameters) → a colour, with a reason code and message."""

    ruleset = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="rules")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("condition"), max_length=20, choices=ConditionKind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    colour = models.CharField(_("colour"), max_length=10, choices=Colour.choices)
    reason_code = models.SlugField(_("reason code"), max_length=40)
    message_en = models.CharField(_("message (English)"), max_length=200)
    message_zh = models.CharField(_("message (Chinese)"), max_length=200)

    class Meta:
        ordering = ["ruleset", "order", "id"]
        verbose_name = _("colour rule")
        verbose_name_plural = _("colour rules")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.get_colour_display()}"

    @property
    def message(self) -> str:
        return self.message_zh if translation.get_language() == "zh-hans" else self.message_en


class PersonStatus(models.Model):
    """A person's stored colour and why (``reasons``: code and message in English and Chinese)."""

    scope_node_fields = PERSON_NODES
    scope_self_field = "person__user"
    scope_personal = True

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="colour_status", verbose_name=_("person")
    )
    colour = models.CharField(_("colour"), max_length=10, choices=Colour.choices)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    ruleset_version = models.PositiveIntegerField(_("rule set version"), default=0)
    manual_change = models.ForeignKey(
        "health.ManualChange", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evaluated_at = models.DateTimeField(_("evaluated at"))
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("colour status")
        verbose_name_plural = _("colour statuses")
        indexes = [models.Index(fields=["colour"], name="person_status_colour")]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_colour_display()}"


class ManualChangeQuerySet(ScopedQuerySet):
    def in_force(self, at=None):  # type: ignore[no-untyped-def]
        at = at or timezone.now()
        return self.filter(status=ManualStatus.APPROVED, starts_at__lte=at, until__gt=at)


class ManualChange(models.Model):
    """A request to set a person's colour by hand, with a reason; in force once a second official with
    the same capability approved it, until ``until`` or until revoked (four eyes; 郑州 2022)."""

    scope_node_fields = PERSON_NODES
    scope_self_field = "person__user"
    scope_personal = True

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="manual_changes", verbose_name=_("person")
    )
    colour = models.CharField(_("colour"), max_length=10, choices=Colour.choices)
    reason = models.TextField(_("reason"))
    until = models.DateTimeField(_("in force until"))
    status = models.CharField(
        _("status"), max_length=10, choices=ManualStatus.choices, default=ManualStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("in force from"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ManualChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("manual colour change")
        verbose_name_plural = _("manual colour changes")
        indexes = [models.Index(fields=["person", "status"], name="manual_change_person")]

    def __str__(self) -> str:
        return f"{self.person} → {self.get_colour_display()} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == ManualStatus.PENDING

    def is_in_force(self, at=None) -> bool:  # type: ignore[no-untyped-def]
        at = at or timezone.now()
        return (
            self.status == ManualStatus.APPROVED
            and self.starts_at is not None
            and self.starts_at <= at < self.until
        )


class ReevaluationJob(models.Model):
    """Re-evaluating the colour of every person of a park after its rules or risk areas changed, with progress."""

    scope_node_fields = ("park",)
    scope_personal = False

    park = models.ForeignKey("hierarchy.Node", on_delete=models.CASCADE, related_name="+")
    ruleset = models.ForeignKey(RuleSet, on_delete=models.CASCADE, null=True, blank=True, related_name="jobs")
    cause = models.CharField(_("cause"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    total = models.PositiveIntegerField(_("people"), default=0)
    done = models.PositiveIntegerField(_("evaluated"), default=0)
    changed = models.PositiveIntegerField(_("colour changed"), default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("re-evaluation")
        verbose_name_plural = _("re-evaluations")

    def __str__(self) -> str:
        return f"{self.park} {self.cause}: {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)

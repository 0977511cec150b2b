"""Enterprises, their rosters (花名册) and the import jobs that feed both from Excel.

The epidemic ledger (企业疫情动态管理台账) of an enterprise is its record and its roster over time: both
models keep their full history (django-simple-history), so the ledger can be read as of any date.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from parkguard.core.scoping import ScopedQuerySet
from parkguard.lib.codes import mask_phone
from parkguard.people.fields import EncryptedTextField

from .choices import ACTIVE_IMPORT_STATUSES, Category, CommitMode, ImportKind, ImportStatus, WorkStatus

# The fields of the ledger that people edit, import and see change: one list for services, imports,
# exports and the change list.
ENTERPRISE_FIELDS = (
    "category",
    "above_scale",
    "key_enterprise",
    "epidemic_producer",
    "epidemic_products",
    "industry",
    "legal_representative",
    "contact_name",
    "contact_phone",
    "headcount",
)
EMPLOYMENT_FIELDS = (
    "department",
    "position",
    "work_status",
    "expected_return_date",
    "actual_return_date",
    "dormitory",
    "key_position",
)


class Enterprise(models.Model):
    """An enterprise registered in a park, hanging off its site node (enterprise / project / institution).

    Assignments (responsible official, service commissioner) and the supervising department live on the
    node (accounts.Assignment, Node.supervising_department), where scope is evaluated.
    """

    scope_node_fields = ("node",)
    # Rows carry a contact's phone: the national office sees aggregates only.
    scope_personal = True

    node = models.OneToOneField(
        "hierarchy.Node", on_delete=models.PROTECT, related_name="enterprise", verbose_name=_("site")
    )
    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    above_scale = models.BooleanField(_("above scale"), default=False)
    key_enterprise = models.BooleanField(_("key enterprise"), default=False)
    epidemic_producer = models.BooleanField(_("produces epidemic supplies"), default=False)
    epidemic_products = models.CharField(_("epidemic supplies produced"), max_length=200, blank=True)
    industry = models.CharField(_("industry"), max_length=60, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=60, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_phone = EncryptedTextField(_("contact phone"), blank=True)
    headcount = models.PositiveIntegerField(_("headcount"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["node__path"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")

    def __str__(self) -> str:
        return self.node.name

    @property
    def name(self) -> str:
        return self.node.name

    @property
    def contact_phone_masked(self) -> str:
        return mask_phone(self.contact_phone)


class EmploymentQuerySet(ScopedQuerySet):
    def current(self) -> EmploymentQuerySet:
        return self.exclude(work_status=WorkStatus.LEFT)


class Employment(models.Model):
    """One line of an enterprise's roster: a person, their post and their work status.

    A person is employed by one enterprise at a time (a row that has left does not count).
    """

    scope_node_fields = ("enterprise__node",)
    scope_personal = True

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="employments", verbose_name=_("enterprise")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="employments", verbose_name=_("person")
    )
    department = models.CharField(_("department"), max_length=60, blank=True)
    position = models.CharField(_("position"), max_length=60, blank=True)
    work_status = models.CharField(
        _("work status"), max_length=20, choices=WorkStatus.choices, default=WorkStatus.NOT_RETURNED
    )
    expected_return_date = models.DateField(_("expected return"), null=True, blank=True)
    actual_return_date = models.DateField(_("actual return"), null=True, blank=True)
    dormitory = models.CharField(_("dormitory"), max_length=60, blank=True)
    key_position = models.BooleanField(_("key position"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EmploymentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["enterprise", "department", "id"]
        verbose_name = _("roster entry")
        verbose_name_plural = _("roster")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "person"], name="employment_unique_person"),
            models.UniqueConstraint(
                fields=["person"], condition=~Q(work_status="left"), name="employment_one_current"
            ),
        ]
        indexes = [models.Index(fields=["enterprise", "work_status"], name="employment_status")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.enterprise}"


class ImportJob(models.Model):
    """An upload of enterprises or of a roster: validated into a preview, then committed by the user.

    Progress lives on the job (Saleor's ``csv.ExportFile``); one active job per node and kind, so the
    same roster cannot be imported twice at once.
    """

    scope_node_fields = ("node",)
    scope_personal = True

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    node = models.ForeignKey(
        "hierarchy.Node", on_delete=models.CASCADE, related_name="+", verbose_name=_("node")
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enterprise"),
    )
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    mode = models.CharField(_("commit mode"), max_length=20, choices=CommitMode.choices, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        constraints = [
            models.UniqueConstraint(
                fields=["node", "kind"],
                condition=Q(status__in=ACTIVE_IMPORT_STATUSES),
                name="import_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.original_name}"

    @property
    def progress_percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


class ImportIssue(models.Model):
    """One problem found in one cell (or row) of an uploaded file."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="issues")
    row = models.PositiveIntegerField(_("row"))
    column = models.CharField(_("column"), max_length=60, blank=True)
    value = models.CharField(_("value"), max_length=200, blank=True)
    message = models.CharField(_("message"), max_length=300)

    class Meta:
        ordering = ["row", "id"]
        verbose_name = _("import issue")
        verbose_name_plural = _("import issues")

    def __str__(self) -> str:
        return f"{self.row}/{self.column}: {self.message}"

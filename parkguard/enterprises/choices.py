from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """Enterprise categories; 昆明 served each with its own measures (独立厂区、商贸物流、楼宇经济)."""

    STANDALONE_PLANT = "standalone_plant", _("Standalone plant")
    TRADE_LOGISTICS = "trade_logistics", _("Trade & logistics")
    OFFICE_BUILDING = "office_building", _("Office building")
    CONSTRUCTION = "construction", _("Construction project")
    MEDICAL = "medical", _("Medical institution")
    OTHER = "other", _("Other")


class WorkStatus(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    REMOTE = "remote", _("Working remotely")
    NOT_RETURNED = "not_returned", _("Not yet returned")
    IN_ISOLATION = "in_isolation", _("In isolation")
    LEFT = "left", _("Left")


class ImportKind(models.TextChoices):
    ENTERPRISES = "enterprises", _("Enterprises")
    ROSTER = "roster", _("Roster")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    VALIDATING = "validating", _("Validating")
    VALIDATED = "validated", _("Ready to commit")
    COMMITTING = "committing", _("Committing")
    COMMITTED = "committed", _("Committed")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_IMPORT_STATUSES = (ImportStatus.QUEUED, ImportStatus.VALIDATING, ImportStatus.COMMITTING)


class CommitMode(models.TextChoices):
    ALL_OR_NOTHING = "all", _("All rows or nothing")
    VALID_ONLY = "valid_only", _("Valid rows only")


# The Chinese words that templates and park offices use for each choice. Parsing accepts these, the
# English labels and the codes, whatever language the interface is in (the .po gives the same words).
CHINESE: dict[str, str] = {
    Category.STANDALONE_PLANT: "独立厂区",
    Category.TRADE_LOGISTICS: "商贸物流",
    Category.OFFICE_BUILDING: "楼宇经济",
    Category.CONSTRUCTION: "在建项目",
    Category.MEDICAL: "医疗机构",
    Category.OTHER: "其他",
    WorkStatus.ON_SITE: "在岗",
    WorkStatus.REMOTE: "居家办公",
    WorkStatus.NOT_RETURNED: "未返岗",
    WorkStatus.IN_ISOLATION: "隔离观察",
    WorkStatus.LEFT: "已离职",
}


# The node kind an enterprise of each category hangs off (the rest are plain enterprises).
NODE_KIND_OF = {Category.CONSTRUCTION: "construction", Category.MEDICAL: "medical"}

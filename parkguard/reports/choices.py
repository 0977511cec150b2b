from django.db import models
from django.utils.translation import gettext_lazy as _

from parkguard.hierarchy.choices import NodeKind

# The site kinds that report every day (a checkpoint scans passes; it files no daily report).
REPORTING_KINDS = (
    NodeKind.ENTERPRISE,
    NodeKind.CONSTRUCTION,
    NodeKind.COMPOUND,
    NodeKind.MEDICAL,
    NodeKind.ISOLATION_SITE,
)
SITE_KIND_CHOICES = [(kind.value, kind.label) for kind in REPORTING_KINDS]


class Frequency(models.TextChoices):
    DAILY = "daily", _("Once a day")
    # 无锡's 双报告制度 for construction projects: a morning and an evening report.
    TWICE_DAILY = "twice_daily", _("Twice a day (morning and evening)")


class Period(models.TextChoices):
    DAY = "day", _("Day")
    MORNING = "morning", _("Morning")
    EVENING = "evening", _("Evening")


# Within one date, a later period supersedes an earlier one in the roll-up.
PERIOD_RANK = {Period.DAY: 0, Period.MORNING: 1, Period.EVENING: 2}


class FieldType(models.TextChoices):
    INTEGER = "integer", _("Whole number")
    DECIMAL = "decimal", _("Decimal number")
    BOOLEAN = "boolean", _("Yes / no")
    CHOICE = "choice", _("Choice")
    TEXT = "text", _("Text")


NUMERIC_TYPES = (FieldType.INTEGER, FieldType.DECIMAL)


class Aggregate(models.TextChoices):
    SUM = "sum", _("Sum")
    MAX = "max", _("Maximum")
    ANY = "any", _("Any (yes if one says yes)")
    NONE = "none", _("Not added up")


class Prefill(models.TextChoices):
    """Figures the platform already holds: derived from the roster (花名册), never typed again."""

    NONE = "none", _("Typed by the site")
    ROSTER_HEADCOUNT = "roster_headcount", _("Roster: current staff")
    ROSTER_ON_SITE = "roster_on_site", _("Roster: on site")
    ROSTER_REMOTE = "roster_remote", _("Roster: working remotely")
    ROSTER_IN_ISOLATION = "roster_in_isolation", _("Roster: in isolation")
    ROSTER_NOT_RETURNED = "roster_not_returned", _("Roster: not yet returned")
    # Central isolation (issue #7): an isolation site's day, an enterprise's people in isolation.
    ISOLATION_OCCUPIED = "isolation_occupied", _("Isolation site: people in isolation")
    ISOLATION_FREE_BEDS = "isolation_free_beds", _("Isolation site: free beds")
    ISOLATION_CHECK_INS = "isolation_check_ins", _("Isolation site: check-ins of the day")
    ISOLATION_RELEASES = "isolation_releases", _("Isolation site: releases of the day")
    EMPLOYEES_IN_ISOLATION = "employees_in_isolation", _("Central isolation: the enterprise's people")


class FlagWhen(models.TextChoices):
    """When a field raises a red flag for the responsible official."""

    NEVER = "never", _("Never")
    POSITIVE = "positive", _("When above zero")
    DROP = "drop", _("When it drops by more than the template's share")


class Operator(models.TextChoices):
    LE = "<=", "≤"
    LT = "<", "<"
    EQ = "=", "="
    GE = ">=", "≥"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")

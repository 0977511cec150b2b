from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    REPORT_MISSING = "report_missing", _("Report missing")
    DECLARATION_MISSING = "declaration_missing", _("Health declaration missing")
    COLOUR_CHANGED = "colour_changed", _("Pass colour changed")
    RESUMPTION = "resumption", _("Work resumption")
    ISOLATION = "isolation", _("Isolation observation")
    RETURNS = "returns", _("Returning workers")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResumptionConfig(AppConfig):
    """Work resumption (复工复产): applications, review, green channel, coverage, resumption rates."""

    name = "parkguard.resumption"
    verbose_name = _("Work resumption")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """In-app notices and their delivery (logging, email, SMS), and the in-process scheduler of `make run`."""

    name = "parkguard.notices"
    verbose_name = _("Notices")

    def ready(self) -> None:
        from .scheduler import start_if_enabled

        start_if_enabled()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PassesConfig(AppConfig):
    """Signing keys, trust lists, revocation and signed QR passes (issue #5); the token format is parkguard.passcodec."""

    name = "parkguard.passes"
    verbose_name = _("Passes")

    def ready(self) -> None:
        from .receivers import connect

        connect()

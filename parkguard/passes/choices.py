from django.db import models
from django.utils.translation import gettext_lazy as _


class PassKind(models.TextChoices):
    """Whose pass: a person's or a vehicle's (``passcodec.Kind`` in the token)."""

    PERSON = "person", _("Person")
    VEHICLE = "vehicle", _("Vehicle")

from django.db import models
from django.utils.translation import gettext_lazy as _


class Colour(models.TextChoices):
    """A person's (or vehicle's) pass colour. The order of severity is ``COLOUR_RANK``."""

    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")


COLOUR_RANK = {Colour.GREEN: 0, Colour.YELLOW: 1, Colour.RED: 2}


def worse(before: str, after: str) -> bool:
    """True when ``after`` is a more severe colour than ``before``."""
    return COLOUR_RANK[Colour(after)] > COLOUR_RANK[Colour(before)]

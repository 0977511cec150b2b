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


class Symptom(models.TextChoices):
    """Symptoms a declaration asks about (2020 forms: 发热、干咳、乏力、咽痛、呼吸困难、腹泻、嗅味觉减退)."""

    COUGH = "cough", _("Dry cough")
    FATIGUE = "fatigue", _("Fatigue")
    SORE_THROAT = "sore_throat", _("Sore throat")
    SHORT_BREATH = "short_breath", _("Shortness of breath")
    DIARRHOEA = "diarrhoea", _("Diarrhoea")
    TASTE_SMELL = "taste_smell", _("Loss of taste or smell")


class RiskLevel(models.TextChoices):
    MEDIUM = "medium", _("Medium risk")
    HIGH = "high", _("High risk")


class ConditionKind(models.TextChoices):
    """What a colour rule looks at. Each kind takes the parameters listed in ``rules.PARAMETERS``."""

    FEVER = "fever", _("Fever (temperature at or above a threshold)")
    SYMPTOMS = "symptoms", _("Symptoms")
    CONTACT = "contact", _("Contact with a confirmed or suspected case")
    OBSERVATION = "observation", _("Under medical observation")
    RISK_TRAVEL = "risk_travel", _("Travel in a risk area")
    NO_DECLARATION = "no_declaration", _("No declaration for some days")
    RELEASED = "released", _("Released from isolation")


class ManualStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    REVOKED = "revoked", _("Revoked")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


# The range of body temperatures a declaration accepts (°C); outside it the reading is a typo.
TEMPERATURE_MIN = "34.0"
TEMPERATURE_MAX = "43.0"
# A fever, wherever a temperature is taken (declarations' default rule, buses, isolation): 37.3 °C or more.
FEVER_AT = "37.3"

"""Mainland licence plates (GA 36): normalise, validate against the configured pattern, mask, display.

The pattern lives in ``settings.VEHICLE_PLATE_PATTERN`` because the letters change over the years: the
8-character new-energy plates came in 2016-2017 (small: ``D``/``F`` then five characters, large: five
digits then ``D``/``F``), and the letters after ``D``/``F`` were widened later. A plate is stored
normalised — upper case, no separator (``蒙KD12345``) — and shown with a middle dot (``蒙K·D12345``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\u3000·•・.\-_]+")


@lru_cache(maxsize=4)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def normalise_plate(raw: str) -> str:
    """Full-width letters to ASCII (NFKC), separators removed, upper case."""
    text = unicodedata.normalize("NFKC", raw or "")
    return _SEPARATORS.sub("", text).upper()


def validate_plate(raw: str) -> str:
    """The normalised plate, or ``ValidationError`` when it does not match the configured pattern."""
    plate = normalise_plate(raw)
    if not plate:
        raise ValidationError(_("Enter the plate number."), code="plate_required")
    if not _compiled(settings.VEHICLE_PLATE_PATTERN).fullmatch(plate):
        raise ValidationError(
            _(
                "“%(plate)s” is not a mainland plate number (e.g. 蒙K·D12345 for a new-energy vehicle, "
                "蒙K·12345 otherwise)."
            ),
            params={"plate": (raw or "")[:20]},
            code="plate_format",
        )
    return plate


def display_plate(plate: str) -> str:
    """``蒙KD12345`` → ``蒙K·D12345``."""
    return f"{plate[:2]}·{plate[2:]}" if len(plate) > 2 else plate


def mask_plate(plate: str) -> str:
    """``蒙KD12345`` → ``蒙K·D***45``: the province, the authority letter, the first and the last two."""
    serial = plate[2:]
    if len(serial) < 4:
        return display_plate(plate)
    return f"{plate[:2]}·{serial[0]}{'*' * (len(serial) - 3)}{serial[-2:]}"

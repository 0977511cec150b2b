"""Standard codes: GB 11643 resident id numbers, GB/T 2260 division codes, mainland mobile numbers.

Validation returns a normalised value or raises ``ValidationError`` with a translated message and a code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exc
from stdnum.cn import ric, uscc

_SPACES = re.compile(r"[\s\u3000\-]+")
_DIVISION = re.compile(r"^\d{6}(\d{6})?$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def normalise_digits(value: str) -> str:
    """Full-width digits and letters to ASCII (NFKC), spaces and dashes removed, upper case."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", value or "")).upper()


@dataclass
class IdNumber:
    value: str
    warnings: list[str] = field(default_factory=list)


def validate_id_number(raw: str) -> IdNumber:
    """Validate a resident id number (GB 11643-1999).

    Length, digits, the birth date and the check digit are hard rules. python-stdnum also checks that
    the area code existed in the birth year; that table is incomplete (it rejects real numbers such as
    320205198501010017), so a failure there is a warning only.
    """
    number = normalise_digits(raw)
    if len(number) != 18:
        raise ValidationError(
            _("An id number has 18 characters; this one has %(length)d."),
            code="id_length",
            params={"length": len(number)},
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("An id number has 17 digits and a final digit or X."), code="id_format")
    try:
        ric.get_birth_date(number)
    except stdnum_exc.ValidationError as exc:
        raise ValidationError(
            _("The birth date in this id number is impossible."), code="id_birth_date"
        ) from exc
    if ric.calc_check_digit(number) != number[17]:
        raise ValidationError(_("The check digit of this id number is wrong."), code="id_check_digit")
    result = IdNumber(number)
    try:
        ric.validate(number)
    except stdnum_exc.ValidationError:
        result.warnings.append(str(_("The area code is not in the division list for the birth year.")))
    return result


def validate_mobile(raw: str) -> str:
    number = normalise_digits(raw)
    if number.startswith("+86"):
        number = number[3:]
    elif number.startswith("0086"):
        number = number[4:]
    if not _MOBILE.match(number):
        raise ValidationError(_("A mobile number has 11 digits and starts with 13–19."), code="phone_format")
    return number


def validate_division_code(raw: str) -> str:
    """GB/T 2260 six-digit code, or the 12-digit statistical code of a street or community."""
    code = normalise_digits(raw)
    if not _DIVISION.match(code) or code[:2] == "00":
        raise ValidationError(
            _("A division code has 6 digits (GB/T 2260) or 12 digits (statistical code)."),
            code="division_code",
        )
    return code


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str | None) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***: the family name stays, as on printed Chinese passes."""
    if not value:
        return ""
    return value[0] + "*" * max(1, len(value) - 1)


_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def validate_uscc(raw: str) -> str:
    """Unified social credit code (GB 32100-2015): 18 characters, the last a check character.

    python-stdnum's ``cn.uscc`` insists on eight leading digits and so rejects genuine codes whose
    registration-authority part is a letter (village collectives: ``N2…``); the check character is
    what the standard guarantees, so that is the hard rule here.
    """
    code = normalise_digits(raw)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(length)d."),
            code="uscc_length",
            params={"length": len(code)},
        )
    if any(c not in _USCC_ALPHABET for c in code) or not code[2:8].isdigit():
        raise ValidationError(
            _("This unified social credit code contains characters the standard does not use."),
            code="uscc_format",
        )
    if uscc.calc_check_digit(code[:17]) != code[17]:
        raise ValidationError(
            _("The check character of this unified social credit code is wrong."), code="uscc_check"
        )
    return code

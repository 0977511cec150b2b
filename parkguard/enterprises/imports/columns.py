"""Template columns: headers in Chinese (the template's) or English, and how each cell is read.

A parser takes the raw cell value (as python-calamine gives it: str, float, int, bool, date, datetime
or "") and returns the clean value or raises ``CellError`` with a message for the error report.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from parkguard.lib.codes import (
    mask_id_number,
    mask_phone,
    normalise_digits,
    validate_division_code,
    validate_id_number,
    validate_mobile,
    validate_uscc,
)
from parkguard.lib.excel import excel_serial_to_date


class CellError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    parse: Callable[[Any], Any]
    required: bool = False
    # Personal data: the error report shows the value masked.
    mask: Callable[[str], str] | None = None
    example: Any = ""

    @property
    def header(self) -> str:
        return f"{self.zh}*" if self.required else self.zh

    def names(self) -> set[str]:
        return {_header_key(self.zh), _header_key(self.en), _header_key(self.key)}


def _header_key(text: Any) -> str:
    return re.sub(r"[\s*＊_()（）]", "", str(text or "")).lower()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(max_length: int) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if is_blank(value):
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        result = str(value).strip()
        if len(result) > max_length:
            raise CellError(_("At most %(n)d characters.") % {"n": max_length})
        return result

    return parse


def _validated(check: Callable[[str], Any], value: Any) -> Any:
    try:
        return check(value)
    except ValidationError as exc:
        raise CellError(" ".join(str(m) for m in exc.messages)) from exc


def _as_code_text(value: Any, what: str) -> str:
    """Long codes typed into a number cell lose digits beyond 15: refuse rather than guess."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        if abs(value) >= 1e15:
            raise CellError(
                _("This %(what)s is stored as a number and has lost digits. Format the column as text.")
                % {"what": what}
            )
        return str(int(value))
    return str(value)


def id_number(value: Any) -> str:
    if is_blank(value):
        raise CellError(_("Required."))
    return _validated(lambda v: validate_id_number(v).value, _as_code_text(value, _("id number")))


def phone(value: Any) -> str:
    if is_blank(value):
        return ""
    return _validated(validate_mobile, _as_code_text(value, _("phone number")))


def uscc(value: Any) -> str:
    if is_blank(value):
        raise CellError(_("Required."))
    return _validated(validate_uscc, _as_code_text(value, _("credit code")))


def division_code(value: Any) -> str:
    if is_blank(value):
        return ""
    return _validated(validate_division_code, _as_code_text(value, _("division code")))


_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
# Excel serials that are plausible dates for this domain (1990-01-01 .. 2099-12-31).
_SERIAL_RANGE = (32874, 73050)


def date(value: Any) -> dt.date | None:
    """A date cell, a date typed as text (2020-02-10, 2020/2/10, 2020年2月10日) or an Excel serial."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            return excel_serial_to_date(value)
        raise CellError(_("Not a date."))
    match = _DATE_TEXT.match(unicodedata.normalize("NFKC", str(value)).strip())
    if not match:
        raise CellError(_("Not a date; write it as 2020-02-10."))
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError as exc:
        raise CellError(_("This date does not exist.")) from exc


_YES = {"是", "y", "yes", "true", "1", "√", "✓", "有"}
_NO = {"否", "n", "no", "false", "0", "×", "无", ""}


def yes_no(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    key = str(int(value) if isinstance(value, float) and value.is_integer() else value).strip().lower()
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise CellError(_("Write 是 or 否 (yes or no)."))


def count(value: Any) -> int:
    if is_blank(value):
        return 0
    try:
        number = float(normalise_digits(str(value))) if isinstance(value, str) else float(value)
    except ValueError as exc:
        raise CellError(_("Not a number.")) from exc
    if number < 0 or not number.is_integer():
        raise CellError(_("A whole number, zero or more."))
    return int(number)


def choice(choices: Any) -> Callable[[Any], str]:
    """A value of a TextChoices: its code, its English label or its Chinese word (``choices.CHINESE``)."""
    from parkguard.enterprises.choices import CHINESE

    accepted: dict[str, str] = {}

    def words() -> dict[str, str]:
        # Built on first use: labels are lazy, and translations are not ready when modules load.
        if not accepted:
            with translation.override("en"):
                for code, label in choices.choices:
                    for word in (code, str(label), CHINESE.get(code, "")):
                        accepted[word.strip().lower()] = code
        return accepted

    def parse(value: Any) -> str:
        if is_blank(value):
            raise CellError(_("Required."))
        code = words().get(str(value).strip().lower())
        if code is None:
            options = " / ".join(CHINESE.get(code, code) for code, _label in choices.choices)
            raise CellError(_("Choose one of: %(options)s") % {"options": options})
        return code

    return parse


MASKS = {"id_number": mask_id_number, "phone": mask_phone, "contact_phone": mask_phone}

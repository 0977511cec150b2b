"""GB/T 2260 division codes: code → province / city / county names, search, and how codes cover each other.

The table is the one python-stdnum ships for resident id numbers (``stdnum/cn/loc.dat``), so ParkGuard
carries no copy of its own. Each name there may carry the years it was in use (``[1983-2019]桥东区``);
a code is *current* when one of its names has no end year. Only current codes are accepted in new
travel history and risk areas; the lookup still names abolished ones, for old records.

Levels: ``XX0000`` is a province, ``XXYY00`` a prefecture-level city, ``XXYYZZ`` a county. A code's
*stem* drops its trailing ``00`` pairs (``530100`` → ``5301``); two codes cover each other when one stem
is a prefix of the other (docs/health.md, "How a travel meets a risk area").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parkguard.lib.codes import normalise_digits

_NAME = re.compile(r"^(?:\[(\d*)-(\d*)\])?(.*)$")
_CODE = re.compile(r"^\d{6}$")
# Placeholders of the table that name no place of their own.
_PLACEHOLDERS = frozenset(
    {
        "市辖区",
        "县",
        "省直辖县级行政单位",
        "自治区直辖县级行政单位",
        "省直辖县级行政区划",
        "自治区直辖县级行政区划",
    }
)


@dataclass(frozen=True)
class Division:
    code: str
    name: str  # the current name (or the last one, for an abolished code)
    current: bool
    province: str
    city: str  # empty for a province, and for a county directly under a province
    level: str  # "province", "city" or "county"

    @property
    def full_name(self) -> str:
        parts = [self.province]
        if self.city and self.city != self.province:
            parts.append(self.city)
        if self.level == "county" and self.name not in parts:
            parts.append(self.name)
        return " ".join(parts)

    @property
    def label(self) -> str:
        return f"{self.code} {self.full_name}"


def _pick_name(raw: str) -> tuple[str, bool]:
    """The name in use now (no end year), else the last one used; and whether the code is current."""
    last = ""
    for variant in raw.split(","):
        _start, end, name = _NAME.match(variant.strip()).groups()  # type: ignore[union-attr]
        if not end:
            return name, True
        last = name
    return last, False


def _level(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


@cache
def table() -> dict[str, Division]:
    """Every code of the table, read once per process."""
    text = resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")
    rows: list[tuple[str, str, bool]] = []
    province = ""
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            province = line.split()[0]
            continue
        suffix, _sep, rest = line.strip().partition(" ")
        name, current = _pick_name(rest.partition('="')[2].rstrip('"'))
        rows.append((province + suffix, name, current))
    names = {code: name for code, name, _current in rows}
    divisions = {}
    for code, name, current in rows:
        level = _level(code)
        province_name = names.get(code[:2] + "0000", "")
        city = names.get(code[:4] + "00", "") if level != "province" else ""
        if city in _PLACEHOLDERS:
            city = ""
        divisions[code] = Division(code, name, current, province_name, city, level)
    return divisions


def lookup(code: str) -> Division | None:
    return table().get(code)


def validate_division(raw: str) -> Division:
    """A current six-digit code of the table; the first six digits of ``raw`` (a picker label) count."""
    text = normalise_digits(raw)[:6]
    if not _CODE.match(text):
        raise ValidationError(
            _("Enter a six-digit division code (GB/T 2260), or pick a place from the list."),
            code="division_format",
        )
    division = lookup(text)
    if division is None or not division.current or division.name in _PLACEHOLDERS:
        raise ValidationError(
            _("%(code)s is not a division code in use (GB/T 2260)."),
            code="division_unknown",
            params={"code": text},
        )
    return division


def search(query: str, *, limit: int = 20) -> list[Division]:
    """Current places whose code starts with, or whose full name contains, ``query`` (province first)."""
    query = query.strip()
    if not query:
        return []
    digits = normalise_digits(query)
    found = []
    for division in table().values():
        if not division.current or division.name in _PLACEHOLDERS:
            continue
        if (digits.isdigit() and division.code.startswith(digits)) or query in division.full_name:
            found.append(division)
            if len(found) >= limit:
                break
    return found


def stem(code: str) -> str:
    """The code without its trailing ``00`` pairs: the significant part at its level."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def covers(a: str, b: str) -> bool:
    """Whether two places overlap: one's stem is a prefix of the other's (province ⊃ city ⊃ county)."""
    sa, sb = stem(a), stem(b)
    return sa.startswith(sb) or sb.startswith(sa)

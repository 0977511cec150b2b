"""Every msgid of the dashboard has its Chinese, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from .messages_zh import ZH

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
CALL = re.compile(r"(?<![A-Za-z_])_\(\s*((?:\"(?:[^\"\\]|\\.)*\"\s*)+)")
TAG = re.compile(r"{% translate [\"']([^\"']*)[\"']")


def _msgids() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "parkguard" / "dashboard").rglob("*.py"):
        for match in CALL.finditer(path.read_text()):
            found.add("".join(re.findall(r"\"((?:[^\"\\]|\\.)*)\"", match.group(1))))
    for path in (ROOT / "templates" / "dashboard").rglob("*.html"):
        found.update(TAG.findall(path.read_text()))
    return found


def test_the_dashboard_has_msgids():
    assert {"Dashboard", "Open red flags", "Resumption rate, last 14 days"} <= _msgids()


def test_every_translation_keeps_its_placeholders():
    for msgid, text in ZH.items():
        assert sorted(set(PLACEHOLDER.findall(msgid))) == sorted(set(PLACEHOLDER.findall(text))), msgid


def test_every_msgid_has_its_chinese():
    from django.utils.translation import gettext, override

    with override("zh-hans"):
        missing = {m for m in _msgids() if m not in ZH and gettext(m) == m}
    assert missing == set()

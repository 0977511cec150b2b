"""Every msgid of the passes and vehicles apps has its Chinese, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from .messages_zh import ZH

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
ROOT = Path(__file__).resolve().parents[2]


def test_every_translation_keeps_its_placeholders():
    for msgid, text in ZH.items():
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(text)), msgid


def _msgids() -> set[str]:
    ids: set[str] = set()
    files = [p for d in ("parkguard/passes", "parkguard/vehicles") for p in (ROOT / d).rglob("*.py")]
    files += [p for d in ("templates/passes", "templates/vehicles") for p in (ROOT / d).glob("*.html")]
    for path in files:
        text = path.read_text()
        for match in re.finditer(r'\b_\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)', text):
            ids.add("".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1))))
        ids.update(re.findall(r'\{% translate "((?:[^"\\]|\\.)*)"', text))
        for match in re.finditer(
            r"\{% blocktranslate[^%]*%\}(.*?)\{% (?:plural|endblocktranslate)", text, re.S
        ):
            ids.add(re.sub(r"\{\{\s*(\w+)\s*\}\}", r"%(\1)s", match.group(1)))
    return ids


def test_every_msgid_has_its_chinese_here_or_in_the_catalogue():
    from babel.messages.pofile import read_po

    with open(ROOT / "locale/zh_Hans/LC_MESSAGES/django.po", "rb") as po_file:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(po_file) if m.id}
    missing = sorted(_msgids() - known - set(ZH))
    assert not missing, missing

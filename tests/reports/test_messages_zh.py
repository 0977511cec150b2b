"""The Chinese of every daily-cycle msgid keeps the English placeholders (the .po compiles and formats)."""

from __future__ import annotations

import re

from .messages_zh import ZH

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def test_every_translation_keeps_its_placeholders():
    for msgid, text in ZH.items():
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(text)), msgid

"""The Chinese of every health msgid keeps the English placeholders (the .po compiles and formats)."""

from __future__ import annotations

import re

from .messages_zh import ZH

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def test_every_translation_keeps_its_placeholders():
    for msgid, text in ZH.items():
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(text)), msgid


def test_the_reasons_of_the_default_rules_exist_in_both_languages():
    from parkguard.health.rules import DEFAULT_RULES

    for _kind, _params, _colour, code, en, zh in DEFAULT_RULES:
        assert code and en and zh and en != zh

"""Reasons a checkpoint adds to the codec's: the pass is valid, but not for this gate, or not today.

Like ``parkguard.passcodec.reasons`` these are stable codes (they go into the scan log and the API)
with an English and a Chinese message, so that a gate shows the same words as the offline verifier.
"""

from __future__ import annotations

from enum import StrEnum

from parkguard.passcodec.reasons import REASON_TEXT, Reason


class LocalReason(StrEnum):
    OUT_OF_SCOPE = "out_of_scope"
    COLOUR_CHECK = "colour_check"
    COLOUR_REFUSED = "colour_refused"
    CHECKPOINT_CLOSED = "checkpoint_closed"
    PERSON_NOT_FOUND = "person_not_found"
    NO_COLOUR = "no_colour"


LOCAL_REASON_TEXT: dict[LocalReason, tuple[str, str]] = {
    LocalReason.OUT_OF_SCOPE: (
        "The pass is valid, but not for this checkpoint (outside its scope).",
        "通行码有效，但不适用于本卡口（超出通行范围）。",
    ),
    LocalReason.COLOUR_CHECK: (
        "Check needed: take the temperature and register before letting through.",
        "需核查：测温、登记后方可通行。",
    ),
    LocalReason.COLOUR_REFUSED: (
        "Not allowed through with this colour here; report to the command.",
        "此颜色的通行码在本卡口禁止通行，请报告指挥部。",
    ),
    LocalReason.CHECKPOINT_CLOSED: (
        "This checkpoint is not in service.",
        "本卡口未启用。",
    ),
    LocalReason.PERSON_NOT_FOUND: (
        "No person with this id number is registered.",
        "未查到该身份证号码的登记人员。",
    ),
    LocalReason.NO_COLOUR: (
        "This person has no health status yet: a declaration is needed.",
        "该人员尚无健康状态，需先进行健康申报。",
    ),
}


def reason_text(code: str) -> tuple[str, str]:
    """(English, Chinese) for a code of the codec or of the checkpoint."""
    if code in LocalReason._value2member_map_:
        return LOCAL_REASON_TEXT[LocalReason(code)]
    if code in Reason._value2member_map_:
        return REASON_TEXT[Reason(code)]
    return (code, code)


def message_for(code: str, language: str) -> str:
    en, zh = reason_text(code)
    return zh if language.lower().startswith("zh") else en

from __future__ import annotations

from parkguard.checkpoints.reasons import LOCAL_REASON_TEXT, LocalReason, message_for, reason_text
from parkguard.passcodec import REASON_TEXT, Reason


def test_every_reason_has_its_own_words_in_both_languages():
    texts = [*LOCAL_REASON_TEXT.values(), *REASON_TEXT.values()]
    assert all(en and zh and en != zh for en, zh in texts)
    assert len({en for en, _zh in texts}) == len(texts) and len({zh for _en, zh in texts}) == len(texts)


def test_local_codes_do_not_shadow_the_codecs():
    assert not set(LocalReason) & set(Reason)


def test_the_message_follows_the_language():
    assert message_for("out_of_scope", "zh-hans") == reason_text("out_of_scope")[1]
    assert message_for("revoked", "en") == "The pass has been revoked."
    assert reason_text("no_such_code") == ("no_such_code", "no_such_code")
